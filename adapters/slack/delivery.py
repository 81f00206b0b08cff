"""Where each reply to one Slack request goes, and the Web API call that takes it there.

Slash commands and button clicks answer privately through their response_url; a typed DM (or a
click in the bot's DM) is answered in that DM; a Form opens as a modal with the request's
trigger_id, or, where there is none (or it expired), arrives as a message whose button brings a
fresh one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.errors import TRIGGER_GONE, error_fields, slack_error
from adapters.slack.files import UploadRefused, upload
from adapters.slack.home import HomeTab
from adapters.slack.render import render, render_form_launcher
from adapters.slack.sender import user_id_from_key
from conversations.attachments import File, file_from_dict, file_to_dict
from conversations.replies import (
    Card,
    DirectMessage,
    Form,
    FormAccepted,
    FormErrors,
    Home,
    Reply,
    Text,
    Update,
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
    return channel_id is not None and channel_id.startswith("D")


Step = dict[str, Any]  # one Web API call to make, as plain JSON (the inbox keeps it)


def plan(replies: Sequence[Reply]) -> list[Step]:
    """The calls that deliver `replies`, rendered now so they can wait in the inbox: a crash
    after the core's commit must not lose them. Forms first: a trigger_id lasts 3 s."""
    steps: list[Step] = []
    for reply in sorted(replies, key=lambda r: not isinstance(r, Form)):
        if isinstance(reply, Text | Card):
            steps.append({"op": "message", "payload": render(reply)})
        elif isinstance(reply, Update):
            steps.append({"op": "update", "payload": render(reply.body),
                          "source": reply.source or {}})
        elif isinstance(reply, File):  # base64 in the item, deleted with it once done
            steps.append({"op": "file", "file": file_to_dict(reply)})
        elif isinstance(reply, Form):
            steps.append({"op": "form", "view": render(reply),
                          "launcher": render_form_launcher(reply)})
        elif isinstance(reply, Home):  # the actor's own Home tab (views.publish)
            steps.append({"op": "home", "view": render(reply)})
        elif isinstance(reply, FormErrors):
            # Field errors belong in a view_submission ack; anywhere else they are a message.
            text = Text("\n".join(f"- {m}" for m in reply.errors.values()))
            steps.append({"op": "message", "payload": render(text)})
        elif isinstance(reply, DirectMessage):
            user_id = user_id_from_key(reply.person_key)
            if user_id is None:
                log.warning("slack cannot message another platform's person",
                            extra={"platform": "slack"})
                continue
            if isinstance(reply.body, File):
                steps.append({"op": "file", "user": user_id, "file": file_to_dict(reply.body)})
            else:
                steps.append({"op": "dm", "user": user_id, "payload": render(reply.body)})
        elif not isinstance(reply, FormAccepted):
            raise TypeError(f"slack cannot deliver {type(reply).__name__}")
    return steps


def origin_to_dict(origin: Origin) -> dict[str, Any]:
    return asdict(origin)


def origin_from_dict(data: dict[str, Any]) -> Origin:
    known = {f.name for f in fields(Origin)}
    return Origin(**{k: v for k, v in data.items() if k in known})


class Undelivered(Exception):
    """Slack could not be reached (or said "later"): `remaining` are the steps not yet done."""

    def __init__(self, remaining: list[Step], reason: str) -> None:
        super().__init__(reason)
        self.remaining = remaining


class _Later(Exception):
    """A response_url answered 429 or 5xx (after the SDK's retries)."""


def _transient(exc: BaseException) -> bool:
    """Worth another try later: no answer, a rate limit or a server error (after the SDK's
    own retries). Slack's other errors (`channel_not_found`, …) will not change."""
    if isinstance(exc, aiohttp.ClientError | TimeoutError | _Later):
        return True
    code = slack_error(exc)
    return code == "ratelimited" or (code or "").startswith("http_5")


class ReplyDelivery:
    def __init__(self, client: AsyncWebClient, retry_handlers: Sequence[AsyncRetryHandler],
                 session: aiohttp.ClientSession | None = None,
                 home: HomeTab | None = None) -> None:
        self.client = client
        self.home = home or HomeTab(client)
        self.retry_handlers = list(retry_handlers)
        self.session = session
        self._ops: dict[str, Callable[[Step, Origin], Awaitable[None]]] = {
            "message": self._message, "form": self._form, "dm": self._direct,
            "update": self._update, "home": self._home,
            "file": self._file}

    async def deliver(self, replies: Sequence[Reply], origin: Origin) -> None:
        await self.send(plan(replies), origin)

    async def send(self, steps: list[Step], origin: Origin,
                   progress: Callable[[list[Step]], Awaitable[None]] | None = None) -> None:
        """Make the calls in order. One refused call does not stop the others; when Slack
        cannot be reached, raises Undelivered with what is left. `progress` hears what is
        still to do after each call that leaves more, so work cut off later (a timeout, a
        crash) never repeats a call that went out."""
        for index, step in enumerate(steps):
            try:
                await self._ops[step["op"]](step, origin)
            except (SlackApiError, aiohttp.ClientError, TimeoutError, _Later) as exc:
                if _transient(exc):
                    reason = str(exc) if isinstance(exc, _Later) else (
                        slack_error(exc) or type(exc).__name__)
                    raise Undelivered(steps[index:], reason) from exc
                log.warning("slack reply failed", extra={
                    "platform": "slack", "reply": step["op"], **error_fields(exc)})
            if progress is not None and index + 1 < len(steps):
                await progress(steps[index + 1:])

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
        if response.status_code >= 500 or response.status_code == 429:
            raise _Later(f"http_{response.status_code}")
        if response.status_code != 200:
            log.warning("slack response_url refused",
                        extra={"platform": "slack", "status": response.status_code})

    async def _message(self, step: Step, origin: Origin) -> None:
        await self.post(step["payload"], origin)

    async def _update(self, step: Step, origin: Origin) -> None:
        """Replace the clicked message: chat.update where it is a message of ours (in a DM or
        group DM), its response_url where it is ephemeral. Where neither is known or Slack
        refuses (too old, deleted, an expired response_url), the payload goes as a new
        message; a transient failure raises and the step is tried again later."""
        payload, source = step["payload"], step.get("source") or {}
        # Without `blocks` chat.update keeps the old ones, buttons and all.
        replacement: Payload = {"text": payload.get("text") or " ",
                                "blocks": payload.get("blocks") or []}
        channel, ts, hook = source.get("channel"), source.get("ts"), source.get("response_url")
        if channel and ts and not source.get("ephemeral"):
            try:
                await self.client.chat_update(channel=channel, ts=ts, **replacement)
                return
            except SlackApiError as exc:
                if _transient(exc):
                    raise
                log.info("slack message not updated, sent anew",
                         extra={"platform": "slack", **error_fields(exc)})
        elif hook:
            if await self._replace_by_hook(hook, {**payload, "replace_original": True}):
                return
            origin = replace(origin, response_url=None)  # spent: a DM says it instead
        await self.post(payload, origin)

    async def _replace_by_hook(self, hook: str, body: Payload) -> bool:
        webhook = AsyncWebhookClient(hook, session=self.session,
                                     retry_handlers=self.retry_handlers)
        response = await webhook.send_dict(body)
        if response.status_code >= 500 or response.status_code == 429:
            raise _Later(f"http_{response.status_code}")
        if response.status_code != 200:
            log.info("slack message not replaced, sent anew",
                     extra={"platform": "slack", "status": response.status_code})
        return response.status_code == 200

    async def _form(self, step: Step, origin: Origin) -> None:
        if origin.trigger_id:
            try:
                await self.client.views_open(trigger_id=origin.trigger_id, view=step["view"])
                return
            except SlackApiError as exc:
                if slack_error(exc) not in TRIGGER_GONE:
                    raise
                log.info("slack trigger expired, sending the form as a button",
                         extra={"platform": "slack", **error_fields(exc)})
        await self.post(step["launcher"], origin)

    async def _home(self, step: Step, origin: Origin) -> None:
        """The person opened their Home tab: publish what it shows now (a failure is a log
        line in `HomeTab.publish`; the tab keeps what it showed)."""
        await self.home.publish(origin.user_id, step["view"], force=True)

    async def _direct(self, step: Step, origin: Origin) -> None:
        await self.client.chat_postMessage(channel=step["user"], **step["payload"])

    async def _file(self, step: Step, origin: Origin) -> None:
        """Into the DM it answers (a response_url cannot carry files), or another's DM."""
        target = step.get("user") or (
            origin.channel_id if _is_dm(origin.channel_id) else origin.user_id)
        try:
            await upload(self.client, str(target), file_from_dict(step["file"]))
        except UploadRefused as exc:
            raise _Later(exc.code) from None


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
