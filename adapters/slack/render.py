"""Neutral replies → Block Kit payloads. Pure: one function per reply type, chosen by a table.

Messages come out as `{"text": fallback, "blocks": [...]}` (for chat.postMessage or a
response_url), a Form as a modal view, FormErrors as the `response_action: errors` ack.
Every length is clipped to Slack's limit: one over-long label must not lose the whole reply.
What people typed (verbatim segments) is shown as typed: a text holding some becomes
`rich_text` instead of mrkdwn, `plain_text` shows it as it is, and the notification fallback is
plain text sent with `mrkdwn: false`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.slack.mrkdwn import (
    clip,
    split_text,
    split_words,
    to_fallback,
    to_mrkdwn,
    to_plain,
)
from adapters.slack.rich_text import rich_text_blocks
from conversations.replies import (
    Button,
    Card,
    Choice,
    DirectMessage,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Home,
    Reply,
    Text,
    Update,
    has_verbatim,
    without_markers,
)

Payload = dict[str, Any]

MAX_SECTION = 3000  # characters in one section's text
MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_HOME_BLOCKS = 100  # a Home tab view, like a modal
MAX_FALLBACK = 40_000  # chat.postMessage truncates beyond this
MAX_OPTION_TEXT = 75
MAX_OPTIONS = 100  # per select; checkboxes take 10
MAX_BUTTONS = 25  # per actions block


def _plain_object(shown: str, limit: int, emoji: bool = True) -> Payload:
    return {"type": "plain_text", "text": clip(shown, limit) or " ", "emoji": emoji}


def plain(text: str, limit: int) -> Payload:
    # `:name:` a person typed stays as typed; the bot writes its emoji as characters.
    return _plain_object(to_plain(text), limit, emoji=not has_verbatim(text))


def sections(markdown: str) -> list[Payload]:
    if has_verbatim(markdown):
        return rich_text_blocks(markdown)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
            for chunk in split_text(to_mrkdwn(markdown), MAX_SECTION)]


def _message(fallback: str, blocks: list[Payload]) -> Payload:
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        blocks = blocks[:MAX_MESSAGE_BLOCKS]
    payload: Payload = {"text": clip(fallback, MAX_FALLBACK) or " ", "mrkdwn": False}
    if blocks:
        payload["blocks"] = blocks
    return payload


def _buttons(buttons: tuple[Button, ...]) -> list[Payload]:
    """Actions blocks of at most 25 buttons; repeated action ids get a `~n` suffix because
    Slack refuses duplicates in one message (inbound strips it again)."""
    seen: dict[str, int] = {}
    elements: list[Payload] = []
    for button in buttons:
        count = seen[button.action_id] = seen.get(button.action_id, 0) + 1
        action_id = button.action_id if count == 1 else f"{button.action_id}~{count}"
        element: Payload = {"type": "button", "action_id": clip(action_id, 255),
                            "text": plain(button.label, 75)}
        if button.value:
            element["value"] = button.value[:2000]
        if button.style in ("primary", "danger"):
            element["style"] = button.style
        elements.append(element)
    return [{"type": "actions", "elements": elements[i:i + MAX_BUTTONS]}
            for i in range(0, len(elements), MAX_BUTTONS)]


def render_text(reply: Text) -> Payload:
    return _message(to_fallback(reply.markdown), sections(reply.markdown))


def render_card(card: Card) -> Payload:
    blocks: list[Payload] = [{"type": "header", "text": plain(card.title, 150)}]
    for section in card.sections:
        blocks += sections(section)
    blocks += _buttons(card.buttons)
    fallback = "\n\n".join(to_fallback(text) for text in (card.title, *card.sections))
    return _message(fallback, blocks)


def render_home(home: Home) -> Payload:
    """A Home tab view for views.publish: each card a header, its paragraphs and buttons,
    cards apart by dividers. Over Slack's 100 blocks, the last cards' tail is cut (the first
    cards say who the person is in the program; a coordinator's figures come last)."""
    blocks: list[Payload] = []
    for card in home.cards:
        if blocks:
            blocks.append({"type": "divider"})
        blocks += render_card(card).get("blocks", [])
    if len(blocks) > MAX_HOME_BLOCKS:
        blocks = blocks[:MAX_HOME_BLOCKS]
    return {"type": "home", "blocks": blocks}


def render_form_launcher(form: Form) -> Payload:
    """A message whose button asks for the form again: modals need a trigger_id, which a typed
    DM (or an expired trigger) lacks, and the click brings a fresh one. The flow names the
    button (`open_action`/`open_value`) because only it knows what reopens its form."""
    button = Button(form.open_action, form.open_label, value=form.open_value, style="primary")
    return render_card(Card(form.title, (form.intro,) if form.intro else (), (button,)))


def _option(choice: Choice, with_description: bool = False) -> Payload:
    # Option text holds 75 characters; checkboxes can carry the rest as a description, so
    # a long consent statement is shown whole rather than cut.
    label, emoji = to_plain(choice.label), not has_verbatim(choice.label)
    value = choice.value[:150]
    if with_description and len(label) > MAX_OPTION_TEXT:
        text, rest = split_words(label, MAX_OPTION_TEXT)
        return {"text": _plain_object(text, MAX_OPTION_TEXT, emoji),
                "description": _plain_object(rest, MAX_OPTION_TEXT, emoji), "value": value}
    return {"text": _plain_object(label, MAX_OPTION_TEXT, emoji), "value": value}


def _initial_values(field: Field) -> tuple[str, ...]:
    # Pre-filled answers are what the person typed, as they typed it: never marked up.
    if field.initial is None or field.initial == "":
        return ()
    values = field.initial if isinstance(field.initial, tuple) else (field.initial,)
    return tuple(without_markers(v) for v in values)


def _choices_element(field: Field, kind: str, limit: int) -> Payload:
    descriptive = kind == "checkboxes"
    options = [_option(c, descriptive) for c in field.choices[:limit]]
    element: Payload = {"type": kind, "options": options}
    chosen = set(_initial_values(field))
    initial = [o for o in options if o["value"] in chosen]  # must be the very option objects
    if initial and kind == "static_select":
        element["initial_option"] = initial[0]
    elif initial:
        element["initial_options"] = initial
    return element


def _text_element(field: Field) -> Payload:
    element: Payload = {"type": "plain_text_input"}
    initial = _initial_values(field)
    if initial:
        element["initial_value"] = initial[0]
    return element


def _user_element(field: Field) -> Payload:
    element: Payload = {"type": "users_select"}
    initial = _initial_values(field)
    if initial and initial[0].startswith("slack:"):
        element["initial_user"] = initial[0].removeprefix("slack:")
    return element


def _users_element(field: Field) -> Payload:
    element: Payload = {"type": "multi_users_select"}
    initial = [v.removeprefix("slack:") for v in _initial_values(field) if v.startswith("slack:")]
    if initial:
        element["initial_users"] = initial
    return element


def _date_element(field: Field) -> Payload:
    element: Payload = {"type": "datepicker"}
    initial = _initial_values(field)
    if initial:
        element["initial_date"] = initial[0]
    return element


def _element(field: Field) -> Payload:
    if field.kind in ("single", "multi", "checkbox") and not field.choices:
        return _text_element(field)  # Slack refuses a select without options
    match field.kind:
        case "single":
            return _choices_element(field, "static_select", MAX_OPTIONS)
        case "multi":
            return _choices_element(field, "multi_static_select", MAX_OPTIONS)
        case "checkbox":
            return _choices_element(field, "checkboxes", 10)
        case "user":
            return _user_element(field)
        case "users":
            return _users_element(field)
        case "date":
            return _date_element(field)
        case _:
            return _text_element(field)


def input_block(field: Field) -> Payload:
    element = _element(field)
    element["action_id"] = field.id
    if field.placeholder and element["type"] not in ("checkboxes",):
        element["placeholder"] = plain(field.placeholder, 150)
    block: Payload = {"type": "input", "block_id": field.id, "label": plain(field.label, 2000),
                      "element": element, "optional": not field.required}
    if field.hint:
        block["hint"] = plain(field.hint, 2000)
    return block


def render_modal(form: Form) -> Payload:
    blocks = sections(form.intro) if form.intro else []
    blocks += [input_block(f) for f in form.fields]
    return {
        "type": "modal",
        "callback_id": form.form_id,
        "title": plain(form.title, 24),
        "submit": plain(form.submit_label, 24),
        "close": plain(form.cancel_label, 24),
        "blocks": blocks[:MAX_MODAL_BLOCKS],
    }


def render_form_errors(reply: FormErrors) -> Payload:
    """The view_submission ack that keeps the modal open with messages under the fields."""
    return {"response_action": "errors",
            "errors": {field: clip(to_plain(message), 2000)
                       for field, message in reply.errors.items()}}


def render_form_accepted(reply: FormAccepted) -> Payload:
    return {}  # an empty ack closes the modal


def render_direct_message(reply: DirectMessage) -> Payload:
    return render(reply.body)


def render_update(reply: Update) -> Payload:
    return render(reply.body)  # the message put in place of the clicked one (delivery.py)


RENDERERS: dict[type[Any], Callable[[Any], Payload]] = {
    Text: render_text,
    Card: render_card,
    Form: render_modal,
    FormErrors: render_form_errors,
    FormAccepted: render_form_accepted,
    DirectMessage: render_direct_message,
    Update: render_update,
    Home: render_home,
}


def render(reply: Reply) -> Payload:
    renderer = RENDERERS.get(type(reply))
    if renderer is None:
        raise TypeError(f"slack cannot render {type(reply).__name__}")
    return renderer(reply)
