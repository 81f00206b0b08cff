"""Neutral outbound replies. Adapters render them to Block Kit, Adaptive Cards or text.

Text is light markdown: **bold**, _italic_, `code`, [label](https://…), `- ` list items,
`> ` quotes and blank-line paragraphs. That markup is the bot's own: what people typed (goals,
reasons, names from their profiles) is wrapped with `verbatim` where a flow puts it into a
text, and every renderer shows it exactly as typed, never as markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from conversations.attachments import File, file_from_dict, file_to_dict

# Private-use characters (nothing else gives them a meaning) that open and close a verbatim
# segment. They survive the outbox's JSON and never reach a person: renderers remove them.
VERBATIM_OPEN = "\ue000"
VERBATIM_CLOSE = "\ue001"
_SENTINELS = {VERBATIM_OPEN, VERBATIM_CLOSE}


def _shown_char(char: str) -> str:
    if char in _SENTINELS:
        return ""
    category = unicodedata.category(char)
    # Control characters (line breaks, tabs, escape sequences) have no place inside a sentence
    # the bot writes: a line break typed into a name must not start a list item of its own.
    if category == "Cc":
        return " "
    # Half a surrogate pair (JSON can carry one) cannot be shown or encoded for sending.
    return "\ufffd" if category == "Cs" else char


def verbatim(text: str) -> str:
    """`text`, typed by a person, marked to be shown exactly as typed on every platform."""
    # Printable text (most names) has no control, surrogate or marker character (markers are
    # private-use, not printable): nothing to clean, and no loop over its characters.
    cleaned = text if text.isprintable() else "".join(_shown_char(c) for c in text)
    return f"{VERBATIM_OPEN}{cleaned}{VERBATIM_CLOSE}" if cleaned else ""


def segments(text: str) -> list[tuple[str, bool]]:
    """`text` as (part, is_verbatim) pairs in order, without the markers.

    Unbalanced markers fail towards literal text: an opening marker without its closing one
    makes the rest verbatim; a stray closing marker is dropped.
    """
    parts: list[tuple[str, bool]] = []
    current: list[str] = []
    inside = False
    for char in text:
        if char == (VERBATIM_CLOSE if inside else VERBATIM_OPEN):
            if current:
                parts.append(("".join(current), inside))
            current, inside = [], not inside
        elif char not in _SENTINELS:
            current.append(char)
    if current:
        parts.append(("".join(current), inside))
    return parts


def has_verbatim(text: str) -> bool:
    return VERBATIM_OPEN in text


def without_markers(text: str) -> str:
    """The text with the verbatim markers removed: for fields every platform shows as plain
    text (buttons, labels, pre-filled answers)."""
    return text.replace(VERBATIM_OPEN, "").replace(VERBATIM_CLOSE, "")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One form field. `kind` decides the widget each platform shows."""

    id: str
    label: str
    kind: Literal["text", "single", "multi", "user", "users", "checkbox", "date"]
    choices: tuple[Choice, ...] = ()
    required: bool = False
    initial: str | tuple[str, ...] | None = None
    hint: str | None = None
    placeholder: str | None = None


@dataclass(frozen=True)
class Button:
    action_id: str
    label: str
    value: str = ""
    style: Literal["default", "primary", "danger"] = "default"


@dataclass(frozen=True)
class Text:
    """A private reply to the person who acted."""

    markdown: str


@dataclass(frozen=True)
class Card:
    """A message with a title, paragraphs and buttons."""

    title: str
    sections: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Form:
    """Ask the person to fill in a form (a Slack modal, a Teams Adaptive Card, console prompts)."""

    form_id: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    submit_label: str
    cancel_label: str
    # Shown by platforms that check required fields themselves (Teams cards).
    required_message: str = "Please fill in this field."
    # The button that asks for this form again, where a platform cannot open it right now
    # (Slack needs a fresh trigger: "join" typed in a DM becomes a button).
    open_action: str = "join"
    open_value: str = ""
    open_label: str = "Open the form"
    # The flow's own rules for answers given so far (field id → value): errors by field id.
    # Platforms that ask one field at a time (the console) check each answer as it is given;
    # the flow checks the whole submission again, so this is a courtesy, never the gate.
    check: Callable[[dict[str, str | list[str]]], dict[str, str]] | None = field(
        default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FormErrors:
    """The submitted form was refused; messages are shown next to their fields."""

    form_id: str
    errors: dict[str, str]
    form: Form | None = None  # the form again, with the person's answers, where re-sending it helps


@dataclass(frozen=True)
class FormAccepted:
    """The form was accepted and can close; `message` may replace the form where it stood."""

    form_id: str
    message: str = ""


@dataclass(frozen=True)
class DirectMessage:
    """A message to another person (by Tandem key), sent through their stored address."""

    person_key: str
    body: Message


@dataclass(frozen=True)
class Update:
    """Replace the message whose button the person clicked with `body`: what it said and what
    was done, usually without buttons, so a spent card cannot be clicked again. Where that
    message is unknown (a typed command) or cannot change (too old, deleted), `body` arrives
    as a new message instead."""

    body: Text | Card
    # The clicked message, as its platform named it (`ButtonClicked.source`): the core fills
    # it in, flows leave it empty, and only the platform's adapter reads it.
    source: dict[str, Any] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class Home:
    """The person's own page, rebuilt from what is stored whenever it is shown (Slack's Home
    tab): cards in order, each a heading, paragraphs and buttons. Platforms without such a
    page never get one; the `home` command shows the same cards as messages."""

    cards: tuple[Card, ...]


# What can be sent to a person, now or through the outbox.
Message = Text | Card | File
Reply = Text | Card | Form | FormErrors | FormAccepted | DirectMessage | File | Update | Home


def as_update(replies: list[Reply]) -> list[Reply]:
    """`replies` with the first message as the `Update` of the clicked card (one message can
    take its place; any others follow as they are)."""
    for i, reply in enumerate(replies):
        if isinstance(reply, Text | Card):
            return [*replies[:i], Update(reply), *replies[i + 1:]]
    return replies


@dataclass
class Outcome:
    """What one handled event produced, and a short word for the log."""

    replies: list[Reply] = field(default_factory=list)
    outcome: str = "ok"


def message_to_dict(body: Message) -> dict[str, object]:
    """Serialise a message for the outbox (plain JSON; a file's bytes in base64)."""
    if isinstance(body, File):
        return file_to_dict(body)
    if isinstance(body, Text):
        return {"type": "text", "markdown": body.markdown}
    return {
        "type": "card", "title": body.title, "sections": list(body.sections),
        "buttons": [{"action_id": b.action_id, "label": b.label, "value": b.value,
                     "style": b.style} for b in body.buttons],
    }


def message_from_dict(data: dict[str, object]) -> Message:
    if data.get("type") == "file":
        return file_from_dict(data)
    if data.get("type") == "text":
        return Text(str(data["markdown"]))
    buttons = data.get("buttons") or []
    sections = data.get("sections") or []
    assert isinstance(buttons, list) and isinstance(sections, list)
    return Card(
        title=str(data["title"]),
        sections=tuple(str(s) for s in sections),
        buttons=tuple(Button(**b) for b in buttons),
    )
