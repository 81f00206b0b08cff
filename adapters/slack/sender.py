"""The outbox's way into Slack: a DM by user id, a group DM for a tandem's shared messages;
"cannot be reached" told apart from "later", and "later" says how much later."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import (
    CHANNEL_UNREACHABLE,
    GROUP_UNREACHABLE,
    UNREACHABLE,
    slack_error,
)
from adapters.slack.files import UploadRefused, upload
from adapters.slack.render import render
from conversations.attachments import File
from conversations.destinations import Channel
from conversations.outbox import RetryLater, SendFailed, Unreachable
from conversations.pacing import Pace, Rate
from conversations.replies import Message

# conversations.open takes 1 to 8 users besides the bot (Slack: "too_many_users" above).
MAX_GROUP_DM = 8
# Seconds one Web API call may take. With its retries (one each) a send stays inside the
# outbox's SEND_TIMEOUT, and so inside its lease.
CALL_TIMEOUT = 15
# Two ways to wait for Slack, kept consistent: a 429 whose Retry-After is at most this is
# slept out inside the call (slack-sdk's rate-limit handler, once); a longer one is not, and
# the 429 reaches the outbox as `RetryLater`, which schedules the message that far ahead
# (`next_attempt_at`) while the worker goes on. So one call never blocks a worker for long.
MAX_IN_CALL_WAIT = 2.0
# A 500/503 is retried once after this, then left to the outbox's backoff (minutes).
SERVER_ERROR_WAIT = 0.5
# chat.postMessage: about 1 message per second per channel, short bursts allowed, and a
# workspace-wide limit of several hundred a minute (Slack's rate-limit docs). Kept below both.
PACE = Pace(platform=Rate(per_second=4.0, burst=10), conversation=Rate(per_second=1.0, burst=3))


def _retry_after(response: HttpResponse | None) -> float | None:
    for name, values in (response.headers if response is not None else {}).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(values[0] if isinstance(values, list) else values))
            except (ValueError, IndexError):
                return None
    return None


class ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, but only for a Retry-After of at most `max_wait` seconds
    (slept with `sleep`, plus up to 0.5 s of jitter); a longer wait is the outbox's."""

    def __init__(self, max_wait: float = MAX_IN_CALL_WAIT,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        super().__init__(max_retry_count=1)
        self.max_wait = max_wait
        self.sleep = sleep

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None,
                               error: Exception | None = None) -> bool:
        wait = _retry_after(response)
        return (response is not None and response.status_code == 429
                and wait is not None and wait <= self.max_wait)

    async def prepare_for_next_attempt_async(self, *, state: RetryState, request: HttpRequest,
                                             response: HttpResponse | None = None,
                                             error: Exception | None = None) -> None:
        state.next_attempt_requested = True
        await self.sleep((_retry_after(response) or 0.0) + random.random() * 0.5)
        state.increment_current_attempt()


def outbox_retry_handlers() -> list[AsyncRetryHandler]:
    return [AsyncConnectionErrorRetryHandler(),
            ShortRateLimitRetry(),
            AsyncServerErrorRetryHandler(
                max_retry_count=1,
                interval_calculator=FixedValueRetryIntervalCalculator(SERVER_ERROR_WAIT))]


def outbox_client(client: AsyncWebClient) -> AsyncWebClient:
    """The same token, URL and session, with the outbox's retry handlers (short waits only,
    see MAX_IN_CALL_WAIT) instead of the app's, which sleep out any Retry-After."""
    return AsyncWebClient(token=client.token, base_url=client.base_url, timeout=CALL_TIMEOUT,
                          ssl=client.ssl, proxy=client.proxy, session=client.session,
                          headers=dict(client.headers), logger=client.logger,
                          retry_handlers=outbox_retry_handlers())


def retry_after_seconds(exc: SlackApiError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            text = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0.0, float(str(text)))
            except ValueError:
                return None
    return None


def _transient(exc: SlackApiError) -> Exception:
    """What the outbox should do with a Slack error that is not the person's: wait as asked
    (429), or back off with a short code."""
    code = slack_error(exc) or "unknown"
    if getattr(exc.response, "status_code", None) == 429 or code == "ratelimited":
        return RetryLater(retry_after_seconds(exc), "slack:ratelimited")
    return SendFailed(f"slack:{code}")


def user_id_from_key(person_key: str) -> str | None:
    """`slack:U123` → `U123`; None for another platform's key."""
    platform, _, user_id = person_key.partition(":")
    return user_id if platform == "slack" and user_id else None


class SlackSender:
    """Implements the outbox `Sender`: to a person, a group DM or a channel.

    A 1:1 message needs no stored reference: a user id is a valid `channel` for
    chat.postMessage, so the bot needs no `im:write`. A group DM is opened with
    conversations.open (scope `mpim:write`), which returns the same conversation every time
    for the same people, so a tandem's later messages land beside its introduction.
    """

    groups = True
    pace = PACE

    def __init__(self, client: AsyncWebClient,
                 delivered: Callable[[str], None] | None = None) -> None:
        self.client = outbox_client(client)
        # Hears the Slack user id of each person a message reached (their Home tab may
        # show something new now); must not raise or wait.
        self.delivered = delivered

    def _reached(self, *user_ids: str) -> None:
        if self.delivered is not None:
            for user_id in user_ids:
                self.delivered(user_id)

    async def send_channel(self, channel: Channel, body: Message) -> None:
        if channel.platform != "slack" or not channel.id:
            raise Unreachable("not a Slack channel")
        try:
            await self._post(channel.id, body)
        except SendFailed as exc:
            code = exc.code.removeprefix("slack:")
            if code in CHANNEL_UNREACHABLE:  # parked with its code: the fix is an invite
                raise Unreachable(code) from exc
            raise

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Message) -> None:
        user_id = user_id_from_key(person_key)
        if user_id is None:
            raise Unreachable("not a Slack person")
        await self._post(user_id, body)
        self._reached(user_id)

    async def send_group(self, person_keys: list[str], body: Message) -> None:
        found = [user_id_from_key(k) for k in person_keys]
        user_ids = list(dict.fromkeys(u for u in found if u))  # in order, each once
        if not user_ids or len(user_ids) < len(set(found)):
            raise Unreachable("not a Slack person")
        if len(user_ids) == 1:  # one person: their DM (conversations.open would need im:write)
            await self._post(user_ids[0], body)
            self._reached(user_ids[0])
            return
        if len(user_ids) > MAX_GROUP_DM:  # a large circle: the outbox sends each their own
            raise Unreachable("too_many_users")
        try:
            opened = await self.client.conversations_open(users=",".join(user_ids))
        except SlackApiError as exc:
            code = slack_error(exc)
            if code in GROUP_UNREACHABLE:
                raise Unreachable(code) from exc
            # Rate limits, outages, a missing scope: the outbox retries later.
            raise _transient(exc) from exc
        channel = opened.get("channel")
        channel_id = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(channel_id, str) or not channel_id:
            raise RuntimeError("conversations.open answered without a channel id")
        await self._post(channel_id, body)
        self._reached(*user_ids)

    async def _post(self, channel: str, body: Message) -> None:
        try:
            if isinstance(body, File):  # a user id as `channel` is their DM
                await upload(self.client, channel, body)
            else:
                await self.client.chat_postMessage(channel=channel, **render(body))
        except UploadRefused as exc:
            raise SendFailed(f"slack:{exc.code}") from exc
        except SlackApiError as exc:
            code = slack_error(exc)
            if code in UNREACHABLE:
                raise Unreachable(code) from exc
            raise _transient(exc) from exc  # rate limits and outages: a later attempt
