"""Where each reply to one Slack request goes, and the Web API call that takes it there.

Slash commands and button clicks answer privately through their response_url; a typed DM (or a
click in the bot's DM) is answered in that DM; a Form opens as a modal with the request's
trigger_id, or, where there is none (or it expired), arrives as a message whose button brings a
fresh one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.errors import TRIGGER_GONE, error_fields, slack_error
from adapters.slack.render import render, render_form_launcher
from adapters.slack.sender import user_id_from_key
from conversations.replies import (
    Card,
    DirectMessage,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
)

log = logging.getLogger("tandem.slack")
Payload = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    """The Slack request the replies answer."""

    user_id: str
    channel_id: str | None = None  # the DM channel a message or click came from
    response_url: str | None = None  # slash commands and clicks: private replies
    trigger_id: str | None = None  # opens one modal, within 3 s of the click
    clicked: bool = False  # a click on a message: its response_url must not replace it


def click_origin(user_id: str, body: Payload) -> Origin:
    """Where a block action is answered. A click on an ephemeral message (a coordinator's
    proposals) always goes back through its response_url: that message may sit in a channel or
    in someone else's DM, where the bot cannot post. In the bot's own DM the answer is a normal
    message there; in a group DM it is private to the person who clicked."""
    raw_container, raw_channel = body.get("container"), body.get("channel")
    container: Payload = raw_container if isinstance(raw_container, dict) else {}
    channel: Payload = raw_channel if isinstance(raw_channel, dict) else {}
    return Origin(
        user_id,
        channel_id=None if container.get("is_ephemeral") else (channel.get("id") or None),
        response_url=body.get("response_url") or None,
        trigger_id=body.get("trigger_id") or None,
        clicked=True,
    )


def _is_dm(channel_id: str | None) -> bool:
    return bool(channel_id) and channel_id.startswith("D")  # type: ignore[union-attr]


class ReplyDelivery:
    def __init__(self, client: AsyncWebClient, retry_handlers: Sequence[AsyncRetryHandler],
                 session: aiohttp.ClientSession | None = None) -> None:
        self.client = client
        self.retry_handlers = list(retry_handlers)
        self.session = session
        self._by_type: dict[type[Any], Callable[[Any, Origin], Awaitable[None]]] = {
            Text: self._message,
            Card: self._message,
            Form: self._form,
            FormErrors: self._form_errors,
            FormAccepted: self._nothing,
            DirectMessage: self._direct,
        }

    async def deliver(self, replies: Sequence[Reply], origin: Origin) -> None:
        # Forms first: the trigger_id expires three seconds after the person acted.
        for reply in sorted(replies, key=lambda r: not isinstance(r, Form)):
            send = self._by_type.get(type(reply))
            if send is None:
                raise TypeError(f"slack cannot deliver {type(reply).__name__}")
            try:
                await send(reply, origin)
            except SlackApiError as exc:  # one refused reply must not swallow the others
                log.warning("slack reply failed", extra={
                    "platform": "slack", "reply": type(reply).__name__, **error_fields(exc)})

    async def post(self, payload: Payload, origin: Origin) -> None:
        """A message to the person who acted: in their DM, else privately where they acted."""
        if _is_dm(origin.channel_id) or not origin.response_url:
            await self.client.chat_postMessage(channel=origin.channel_id or origin.user_id,
                                               **payload)
            return
        webhook = AsyncWebhookClient(origin.response_url, session=self.session,
                                     retry_handlers=self.retry_handlers)
        body: Payload = {**payload, "response_type": "ephemeral"}
        if origin.clicked:
            body["replace_original"] = False  # the proposals or intro stay as they are
        response = await webhook.send_dict(body)
        if response.status_code != 200:
            log.warning("slack response_url refused",
                        extra={"platform": "slack", "status": response.status_code})

    async def _message(self, reply: Text | Card, origin: Origin) -> None:
        await self.post(render(reply), origin)

    async def _form(self, form: Form, origin: Origin) -> None:
        if origin.trigger_id:
            try:
                await self.client.views_open(trigger_id=origin.trigger_id, view=render(form))
                return
            except SlackApiError as exc:
                if slack_error(exc) not in TRIGGER_GONE:
                    raise
                log.info("slack trigger expired, sending the form as a button",
                         extra={"platform": "slack", **error_fields(exc)})
        await self.post(render_form_launcher(form), origin)

    async def _form_errors(self, reply: FormErrors, origin: Origin) -> None:
        # Field errors belong in a view_submission ack; anywhere else they become a message.
        await self._message(Text("\n".join(f"- {m}" for m in reply.errors.values())), origin)

    async def _nothing(self, reply: FormAccepted, origin: Origin) -> None:
        return None

    async def _direct(self, reply: DirectMessage, origin: Origin) -> None:
        user_id = user_id_from_key(reply.person_key)
        if user_id is None:
            log.warning("slack cannot message another platform's person",
                        extra={"platform": "slack"})
            return
        await self.client.chat_postMessage(channel=user_id, **render(reply.body))


def view_answer(replies: Sequence[Reply]) -> tuple[Payload | None, list[Reply]]:
    """Split a form submission's replies into the view_submission ack and what follows as DMs.

    FormErrors keep the modal open with messages under the fields; a Form replaces the modal;
    otherwise the ack is empty (the modal closes) and every message follows.
    """
    answer: Payload | None = None
    later: list[Reply] = []
    for reply in replies:
        if answer is None and isinstance(reply, FormErrors):
            answer = render(reply)
        elif answer is None and isinstance(reply, Form):
            answer = {"response_action": "update", "view": render(reply)}
        elif not isinstance(reply, FormAccepted | FormErrors | Form):
            later.append(reply)
    return answer, later
