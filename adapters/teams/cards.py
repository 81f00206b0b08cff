"""Neutral cards and forms → Adaptive Card 1.5 JSON (plain dicts, no SDK types).

Teams sends `Action.Submit` data back as a `message` whose `value` holds the inputs plus the
`data` we put on the action: `form_id` for forms, `action_id`/`value` for buttons.
"""

from __future__ import annotations

from typing import Any

from conversations.replies import Button, Card, Field, Form

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"
# Adaptive Cards have three action styles; ours map onto them.
_ACTION_STYLE = {"default": "default", "primary": "positive", "danger": "destructive"}

Element = dict[str, Any]


def adaptive_card(body: list[Element], actions: list[Element] | None = None) -> Element:
    card: Element = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def title_block(text: str) -> Element:
    return text_block(text, size="Medium", weight="Bolder", style="heading")


def button_action(button: Button) -> Element:
    return {
        "type": "Action.Submit",
        "title": button.label,
        "style": _ACTION_STYLE.get(button.style, "default"),
        "data": {"action_id": button.action_id, "value": button.value},
    }


def card_to_adaptive(card: Card) -> Element:
    body = [title_block(card.title)] + [text_block(section) for section in card.sections]
    return adaptive_card(body, [button_action(b) for b in card.buttons])


def _chosen(initial: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if initial is None:
        return ()
    return initial if isinstance(initial, tuple) else (initial,)


def field_input(field: Field, required_message: str) -> Element:
    """One input with a visible label; required fields are also checked by the client."""
    element: Element = {"id": field.id, "label": field.label}
    chosen = _chosen(field.initial)
    choices = [{"title": c.label, "value": c.value} for c in field.choices]
    if field.kind == "single":
        element |= {"type": "Input.ChoiceSet", "style": "compact", "choices": choices}
        if chosen:
            element["value"] = chosen[0]
    elif field.kind == "multi":
        # Teams returns a multi-select as one comma-separated string.
        element |= {"type": "Input.ChoiceSet", "isMultiSelect": True, "style": "expanded",
                    "choices": choices}
        if chosen:
            element["value"] = ",".join(chosen)
    elif field.kind == "checkbox" and len(field.choices) == 1:
        on = field.choices[0].value
        element |= {"type": "Input.Toggle", "title": field.choices[0].label, "wrap": True,
                    "valueOn": on, "valueOff": "", "value": on if on in chosen else ""}
    elif field.kind == "checkbox":
        element |= {"type": "Input.ChoiceSet", "isMultiSelect": True, "style": "expanded",
                    "choices": choices}
        if chosen:
            element["value"] = ",".join(chosen)
    elif field.kind == "date":
        element["type"] = "Input.Date"
        if chosen:
            element["value"] = chosen[0]
    else:
        # "text"; and "user"/"users": a card has no people picker that reaches the bot, so
        # people are typed as names or e-mail addresses, several separated by commas (the
        # flows split them).
        element["type"] = "Input.Text"
        if field.placeholder:
            element["placeholder"] = field.placeholder
        if chosen:
            element["value"] = chosen[0]
    if field.required:
        element |= {"isRequired": True, "errorMessage": required_message}
    return element


def form_to_adaptive(form: Form, *, errors: dict[str, str] | None = None) -> Element:
    """The form as a card; each error sits in red directly under its field."""
    errors = errors or {}
    body: list[Element] = [title_block(form.title), text_block(form.intro)]
    for field in form.fields:
        body.append(field_input(field, form.required_message))
        if field.id in errors:
            body.append(text_block(errors[field.id], color="Attention", spacing="None"))
        if field.hint:
            body.append(text_block(field.hint, isSubtle=True, size="Small", spacing="None"))
    # Errors for fields the form does not show must not get lost.
    shown = {field.id for field in form.fields}
    body += [text_block(message, color="Attention") for key, message in errors.items()
             if key not in shown]
    submit = {"type": "Action.Submit", "title": form.submit_label, "style": "positive",
              "data": {"form_id": form.form_id}}
    return adaptive_card(body, [submit])


def notice_to_adaptive(text: str) -> Element:
    """A one-line card that replaces a finished form, so it cannot be sent twice."""
    return adaptive_card([text_block(text)])
