"""Neutral outbound replies. Adapters render them to Block Kit, Adaptive Cards or text.

Text is light markdown: **bold**, _italic_, `- ` list items and blank-line paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


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
    body: Text | Card


Reply = Text | Card | Form | FormErrors | FormAccepted | DirectMessage


@dataclass
class Outcome:
    """What one handled event produced, and a short word for the log."""

    replies: list[Reply] = field(default_factory=list)
    outcome: str = "ok"


def message_to_dict(body: Text | Card) -> dict[str, object]:
    """Serialise a message for the outbox (plain JSON)."""
    if isinstance(body, Text):
        return {"type": "text", "markdown": body.markdown}
    return {
        "type": "card", "title": body.title, "sections": list(body.sections),
        "buttons": [{"action_id": b.action_id, "label": b.label, "value": b.value,
                     "style": b.style} for b in body.buttons],
    }


def message_from_dict(data: dict[str, object]) -> Text | Card:
    if data.get("type") == "text":
        return Text(str(data["markdown"]))
    buttons = data.get("buttons") or []
    assert isinstance(buttons, list)
    return Card(
        title=str(data["title"]),
        sections=tuple(str(s) for s in data.get("sections") or []),  # type: ignore[attr-defined]
        buttons=tuple(Button(**b) for b in buttons),
    )
