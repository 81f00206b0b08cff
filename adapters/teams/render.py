"""Neutral replies → what to do in Teams: send an activity, replace a card, or message someone.

Rendering is pure: it returns instructions and the handler carries them out, so the table of
reply type → renderer can be tested without a connector. An unknown reply type raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams import cards
from conversations.replies import (
    Card,
    DirectMessage,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
)

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class Turn:
    """What rendering needs from the turn: the card a submit came from.

    Every word comes with the reply, translated by the flows; the adapter adds none.
    """

    reply_to_id: str | None


@dataclass(frozen=True)
class Send:
    activity: Activity


@dataclass(frozen=True)
class Replace:
    """Update the bot message `activity.id` in place; `or_send`: send anew if that fails."""

    activity: Activity
    or_send: bool


@dataclass(frozen=True)
class SendTo:
    """A proactive message to another person through their stored conversation reference."""

    person_key: str
    body: Text | Card


Instruction = Send | Replace | SendTo


def teams_markdown(markdown: str) -> str:
    """Our light markdown in the form Teams renders.

    Teams joins the lines of a paragraph, so a single line break the flow wrote is made a
    paragraph break; consecutive list items stay together as one list.
    """
    out: list[str] = []
    previous = "blank"
    for line in markdown.split("\n"):
        kind = "blank" if not line.strip() else "item" if _LIST_ITEM.match(line) else "text"
        if out and "blank" not in (kind, previous) and not (kind == previous == "item"):
            out.append("")
        out.append(line)
        previous = kind
    return "\n".join(out)


def card_activity(content: cards.Element, replacing: str | None = None) -> Activity:
    attachment = Attachment(content_type=cards.CONTENT_TYPE, content=content)
    return Activity(type=ActivityTypes.message, id=replacing, attachments=[attachment])


def message_activity(body: Text | Card) -> Activity:
    """A message for one person's chat: markdown text or an Adaptive Card."""
    if isinstance(body, Text):
        return Activity(type=ActivityTypes.message, text=teams_markdown(body.markdown),
                        text_format="markdown")
    return card_activity(cards.card_to_adaptive(body))


def render_message(reply: Text | Card, turn: Turn) -> list[Instruction]:
    return [Send(message_activity(reply))]


def render_form(reply: Form, turn: Turn) -> list[Instruction]:
    return [Send(card_activity(cards.form_to_adaptive(reply)))]


def render_form_errors(reply: FormErrors, turn: Turn) -> list[Instruction]:
    if reply.form is None:
        lines = "\n".join(f"- {message}" for message in reply.errors.values())
        return [Send(message_activity(Text(lines)))]
    card = cards.form_to_adaptive(reply.form, errors=reply.errors)
    if turn.reply_to_id:
        return [Replace(card_activity(card, replacing=turn.reply_to_id), or_send=True)]
    return [Send(card_activity(card))]


def render_form_accepted(reply: FormAccepted, turn: Turn) -> list[Instruction]:
    if not turn.reply_to_id or not reply.message:
        # The card is not known, or the flow has nothing to put in its place: it stays, and
        # the flow's own reply confirms (a second submit finds the work done).
        return []
    notice = cards.notice_to_adaptive("✅ " + reply.message)
    return [Replace(card_activity(notice, replacing=turn.reply_to_id), or_send=False)]


def render_direct(reply: DirectMessage, turn: Turn) -> list[Instruction]:
    return [SendTo(reply.person_key, reply.body)]


RENDERERS: dict[type, Callable[..., list[Instruction]]] = {
    Text: render_message,
    Card: render_message,
    Form: render_form,
    FormErrors: render_form_errors,
    FormAccepted: render_form_accepted,
    DirectMessage: render_direct,
}


def render(reply: Reply, turn: Turn) -> list[Instruction]:
    renderer = RENDERERS.get(type(reply))
    if renderer is None:
        raise TypeError(f"teams cannot render {type(reply).__name__}")
    return renderer(reply, turn)
