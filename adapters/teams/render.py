"""Neutral replies → what to do in Teams: send an activity, replace a card, or message someone.

Rendering is pure: it returns instructions and the handler carries them out, so the table of
reply type → renderer can be tested without a connector. An unknown reply type raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams import cards
from adapters.teams.files import TooLargeForTeams, file_activities
from adapters.teams.markdown import teams_markdown
from conversations.attachments import File
from conversations.replies import (
    Card,
    DirectMessage,
    Form,
    FormAccepted,
    FormErrors,
    Message,
    Reply,
    Text,
    Update,
    has_verbatim,
)

log = logging.getLogger("tandem.teams")


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
    body: Message


Instruction = Send | Replace | SendTo


def card_activity(content: cards.Element, replacing: str | None = None) -> Activity:
    attachment = Attachment(content_type=cards.CONTENT_TYPE, content=content)
    return Activity(type=ActivityTypes.message, id=replacing, attachments=[attachment])


def message_activities(body: Message) -> list[Activity]:
    """A message for one person's chat (markdown text, an Adaptive Card or a file), in as
    many activities as Teams needs to accept its size (usually one). A file too large for
    Teams raises `TooLargeForTeams` before anything is sent.

    A text that holds what people typed goes as a card: Teams parses a message's text as
    markdown (and escapes differ between its clients), a card's text runs it shows as they are.
    """
    if isinstance(body, File):
        return file_activities(body)
    if isinstance(body, Text) and has_verbatim(body.markdown):
        return [card_activity(content) for content in cards.text_to_adaptives(body.markdown)]
    if isinstance(body, Text):
        return [Activity(type=ActivityTypes.message, text=chunk, text_format="markdown")
                for chunk in cards.split_markdown(teams_markdown(body.markdown))]
    return [card_activity(content) for content in cards.card_to_adaptives(body)]


def render_message(reply: Message, turn: Turn) -> list[Instruction]:
    try:
        return [Send(activity) for activity in message_activities(reply)]
    except TooLargeForTeams:  # whole or not at all; the outbox parks such a file instead
        log.warning("teams file too large to send", extra={"platform": "teams",
                                                          "outcome": "file_too_large"})
        if isinstance(reply, File) and reply.unsendable:  # said instead, in their language
            return render_message(Text(reply.unsendable), turn)
        return []


def render_form(reply: Form, turn: Turn) -> list[Instruction]:
    return [Send(card_activity(cards.form_to_adaptive(reply)))]


def render_form_errors(reply: FormErrors, turn: Turn) -> list[Instruction]:
    if reply.form is None:
        lines = "\n".join(f"- {message}" for message in reply.errors.values())
        return render_message(Text(lines), turn)
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


def render_update(reply: Update, turn: Turn) -> list[Instruction]:
    """The clicked card gives way to the body, sent anew where it is unknown or the update is
    refused. Always as cards: Teams replaces a card with a card."""
    body = reply.body
    contents = (cards.card_to_adaptives(body) if isinstance(body, Card)
                else cards.text_to_adaptives(body.markdown))
    card_id = (reply.source or {}).get("activity")
    if not isinstance(card_id, str) or not card_id:
        return [Send(card_activity(content)) for content in contents]
    first, *rest = contents
    return [Replace(card_activity(first, replacing=card_id), or_send=True),
            *(Send(card_activity(content)) for content in rest)]


def render_direct(reply: DirectMessage, turn: Turn) -> list[Instruction]:
    return [SendTo(reply.person_key, reply.body)]


RENDERERS: dict[type, Callable[..., list[Instruction]]] = {
    Text: render_message,
    Card: render_message,
    File: render_message,
    Form: render_form,
    FormErrors: render_form_errors,
    FormAccepted: render_form_accepted,
    DirectMessage: render_direct,
    Update: render_update,
}


def render(reply: Reply, turn: Turn) -> list[Instruction]:
    renderer = RENDERERS.get(type(reply))
    if renderer is None:
        raise TypeError(f"teams cannot render {type(reply).__name__}")
    return renderer(reply, turn)
