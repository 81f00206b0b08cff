"""Neutral cards and forms → Adaptive Card 1.5 JSON (plain dicts, no SDK types).

Teams sends `Action.Submit` data back as a `message` whose `value` holds the inputs plus the
`data` we put on the action: `form_id` for forms, `action_id`/`value` for buttons.
Every word on a card comes from the reply; the adapter adds layout only. A text that holds
what people typed (verbatim segments) becomes `RichTextBlock`s, whose runs are never parsed as
markdown; plain fields (titles of buttons and choices, labels, pre-filled values) lose the
markers only.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.teams.markdown import teams_markdown
from adapters.teams.rich_text import rich_blocks
from conversations.replies import Button, Card, Field, Form, has_verbatim, without_markers

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"
# Adaptive Cards have three action styles; ours map onto them.
_ACTION_STYLE = {"default": "default", "primary": "positive", "danger": "destructive"}
# Teams' host config shows at most 6 actions per action bar or ActionSet and silently drops
# the rest (`actions.maxActions` in microsoft-teams-light.json of microsoft/AdaptiveCards).
MAX_ACTIONS = 6
# Teams refuses a bot message over 40 KB counted as UTF-16 (413 MessageSizeTooBig, "Format
# your bot messages"). Content above this budget goes out as several messages; the rest of
# the 40 KB is left for the activity around it.
MAX_MESSAGE_BYTES = 32_000

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


def text_blocks(markdown: str, **style: Any) -> list[Element]:
    """Light markdown as card elements: a markdown TextBlock for the bot's own text, runs
    that are shown as they are where it holds what people typed."""
    if has_verbatim(markdown):
        return rich_blocks(markdown, **style)
    return [text_block(teams_markdown(markdown), **style)]


TITLE_STYLE = {"size": "Medium", "weight": "Bolder", "style": "heading"}


def title_blocks(text: str) -> list[Element]:
    return text_blocks(text, **TITLE_STYLE)


def button_action(button: Button) -> Element:
    return {
        "type": "Action.Submit",
        "title": without_markers(button.label),
        "style": _ACTION_STYLE.get(button.style, "default"),
        "data": {"action_id": button.action_id, "value": button.value},
    }


def button_rows(buttons: tuple[Button, ...]) -> list[list[Button]]:
    """Rows for cards with more buttons than Teams shows in one bar.

    Consecutive buttons with the same value act on the same thing (approve or reject one
    proposal), so they share a row; a row never holds more than Teams shows.
    """
    rows: list[list[Button]] = []
    for button in buttons:
        row = rows[-1] if rows else None
        if row is not None and row[-1].value == button.value and len(row) < MAX_ACTIONS:
            row.append(button)
        else:
            rows.append([button])
    return rows


def utf16_size(content: object) -> int:
    """Bytes as Teams counts a message's size."""
    return len(json.dumps(content, ensure_ascii=False).encode("utf-16-le"))


def action_set(actions: list[Element]) -> Element:
    return {"type": "ActionSet", "actions": actions}


def card_to_adaptive(card: Card) -> Element:
    body = title_blocks(card.title)
    for section in card.sections:
        body += text_blocks(section)
    if len(card.buttons) <= MAX_ACTIONS:
        return adaptive_card(body, [button_action(b) for b in card.buttons])
    body += [action_set([button_action(b) for b in row]) for row in button_rows(card.buttons)]
    return adaptive_card(body)


def card_to_adaptives(card: Card, budget: int = MAX_MESSAGE_BYTES) -> list[Element]:
    """The card as one Adaptive Card, or as several in a row when one would be too large.

    Nothing is dropped: the blocks keep their order and the buttons come last, after
    everything they refer to (a proposal list of a large cohort, say).
    """
    return split_card(card_to_adaptive(card), budget)


def text_to_adaptives(markdown: str, budget: int = MAX_MESSAGE_BYTES) -> list[Element]:
    """A text message as cards: for texts with people's words, which a markdown message
    would parse."""
    return split_card(adaptive_card(text_blocks(markdown)), budget)


def split_card(whole: Element, budget: int = MAX_MESSAGE_BYTES) -> list[Element]:
    if utf16_size(whole) <= budget:
        return [whole]
    blocks = whole["body"] + ([action_set(whole["actions"])] if "actions" in whole else [])
    empty = utf16_size(adaptive_card([]))
    parts: list[list[Element]] = [[]]
    size = empty
    for block in blocks:
        block_size = utf16_size(block) + 4  # and the ", " before it
        if parts[-1] and size + block_size > budget:
            parts.append([])
            size = empty
        parts[-1].append(block)
        size += block_size
    return [adaptive_card(part) for part in parts]


def split_markdown(markdown: str, budget: int = MAX_MESSAGE_BYTES) -> list[str]:
    """Text too long for one Teams message, cut between lines into messages that fit."""
    if utf16_size(markdown) <= budget:
        return [markdown]
    chunks: list[list[str]] = [[]]
    size = 0
    for line in markdown.split("\n"):
        line_size = utf16_size(line)
        if chunks[-1] and size + line_size > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += line_size
    return ["\n".join(chunk).strip("\n") for chunk in chunks if "".join(chunk).strip()]


def _chosen(initial: str | tuple[str, ...] | None) -> tuple[str, ...]:
    # Pre-filled answers are what the person typed, as they typed it: never marked up.
    if initial is None:
        return ()
    values = initial if isinstance(initial, tuple) else (initial,)
    return tuple(without_markers(v) for v in values)


def field_input(field: Field, required_message: str) -> Element:
    """One input with a visible label; required fields are also checked by the client."""
    element: Element = {"id": field.id, "label": without_markers(field.label)}
    chosen = _chosen(field.initial)
    choices = [{"title": without_markers(c.label), "value": c.value} for c in field.choices]
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
        title = without_markers(field.choices[0].label)
        element |= {"type": "Input.Toggle", "title": title, "wrap": True,
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
            element["placeholder"] = without_markers(field.placeholder)
        if chosen:
            element["value"] = chosen[0]
    if field.required:
        element |= {"isRequired": True, "errorMessage": without_markers(required_message)}
    return element


def form_to_adaptive(form: Form, *, errors: dict[str, str] | None = None) -> Element:
    """The form as a card; each error sits in red directly under its field."""
    errors = errors or {}
    body: list[Element] = title_blocks(form.title) + text_blocks(form.intro)
    for field in form.fields:
        body.append(field_input(field, form.required_message))
        if field.id in errors:
            body += text_blocks(errors[field.id], color="Attention", spacing="None")
        if field.hint:
            body += text_blocks(field.hint, isSubtle=True, size="Small", spacing="None")
    # Errors for fields the form does not show must not get lost.
    shown = {field.id for field in form.fields}
    for key, message in errors.items():
        if key not in shown:
            body += text_blocks(message, color="Attention")
    submit = {"type": "Action.Submit", "title": without_markers(form.submit_label),
              "style": "positive", "data": {"form_id": form.form_id}}
    return adaptive_card(body, [submit])


def notice_to_adaptive(text: str) -> Element:
    """A one-line card that replaces a finished form, so it cannot be sent twice."""
    return adaptive_card(text_blocks(text))
