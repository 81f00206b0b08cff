"""The Slack adapter: bolt listeners that ack at once and do the work after.

Bolt verifies signatures (401 otherwise), answers url_verification and drops our own events.
The listeners only hand a job (jobs.py: the payload, as JSON) to `dispatch` and ack; the job
translates the payload (inbound.py), adds the person's profile (profiles.py), calls the core,
and sends the replies (delivery.py). `dispatch` queues it on this loop, or, under `tandem
serve`, sends it to a worker process (bot/slack_worker.py) that runs the same `run_job`. The one
exception is view_submission: its ack must carry field errors or close the modal, so the core
runs inline there (well within Slack's 3 s). Slack's retries are acked like any delivery; the
core drops a repeated event_id.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import aiohttp
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.background import BackgroundWork
from adapters.slack.delivery import Origin, ReplyDelivery, click_origin, view_answer
from adapters.slack.inbound import (
    block_action_to_event,
    command_to_event,
    message_to_event,
    user_id_of,
    view_submission_to_event,
    with_profile,
)
from adapters.slack.jobs import SlackJob
from adapters.slack.profiles import Profile, ProfileCache, profile_from_user
from adapters.slack.sender import SlackSender
from conversations.core import TandemCore
from conversations.events import Event
from conversations.flows.wording import try_again
from conversations.i18n import Translator, pick_language
from conversations.replies import Outcome

log = logging.getLogger("tandem.slack")
Payload = dict[str, Any]

COMMAND = "/tandem"
# users.info before the core: a short wait where a trigger_id (3 s) or an ack is waiting,
# a longer one where only the reply's language depends on it.
PROFILE_TIMEOUT = 3.0
TRIGGER_PROFILE_TIMEOUT = 1.0
INLINE_PROFILE_TIMEOUT = 0.8


def retry_handlers() -> list[AsyncRetryHandler]:
    """The default connection-error retry, plus 429 (honours Retry-After) and 5xx."""
    return [
        AsyncConnectionErrorRetryHandler(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]


def build_client(bot_token: str, api_url: str | None = None,
                 session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    base_url = api_url or AsyncWebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"  # slack-sdk joins method names onto it
    return AsyncWebClient(token=bot_token, base_url=base_url, session=session,
                          retry_handlers=retry_handlers())


def _shared_session() -> aiohttp.ClientSession | None:
    """One keep-alive session for every Web API and response_url call: without it slack-sdk
    opens a session and a connection per call, CPU the acks on the same loop would wait for."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None  # built outside a loop: slack-sdk falls back to a session per call
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))


def _retry_num(request: AsyncBoltRequest) -> str | None:
    values: Sequence[str] = request.headers.get("x-slack-retry-num") or []
    return values[0] if values else None


class SlackAdapter:
    """Public: `bolt_app` (for bot/server.py), `sender` (for the outbox), `close()`,
    `run_socket_mode(app_token)` and `wait_idle()` (until queued work is done)."""

    def __init__(self, core: TandemCore, *, bot_token: str, signing_secret: str,
                 api_url: str | None = None, workers: int = 4, max_pending: int = 1024,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.core = core
        self._session = _shared_session()
        self.client = build_client(bot_token, api_url, self._session)
        self.bolt_app = AsyncApp(
            # Bolt sets its app logger's level from the root's; named "tandem" it would pin
            # the parent of every tandem.* logger and hide their INFO lines.
            name="tandem-slack",
            client=self.client,
            signing_secret=signing_secret,
            # The ack is the listener's return: listeners only queue work, so it is immediate
            # (the default mode polls for the ack every 10 ms).
            process_before_response=True,
            ignoring_self_events_enabled=True,
            attaching_conversation_kwargs_enabled=False,  # assistant threads: not used
        )
        self.sender = SlackSender(self.client)
        self.profiles = ProfileCache(self._fetch_profile, now=monotonic)
        self.delivery = ReplyDelivery(self.client, self.client.retry_handlers, self._session)
        self.work = BackgroundWork(workers=workers, max_pending=max_pending)
        # Where an ack's job goes: this process's queue by default; `tandem serve` points it
        # at worker processes (bot/slack_worker.py). False means full: the caller says "busy".
        self.dispatch: Callable[[SlackJob], bool] = self.run_here
        self._socket: AsyncSocketModeHandler | None = None
        self._register()

    # -- bolt listeners: ack and queue, nothing else ------------------------------------

    def _register(self) -> None:
        app = self.bolt_app

        @app.command(COMMAND)
        async def tandem_command(ack: AsyncAck, body: Payload) -> None:
            if self.dispatch(SlackJob("command", body)):
                await ack()
            else:
                await ack(self._busy_text(body), response_type="ephemeral")

        @app.event("message")
        async def direct_message(ack: AsyncAck, body: Payload, context: AsyncBoltContext,
                                 request: AsyncBoltRequest) -> BoltResponse | None:
            if message_to_event(body, context.bot_user_id) is not None:
                if not self.dispatch(SlackJob("message", body, _retry_num(request))):
                    return BoltResponse(status=503, body="")  # Slack delivers it again later
            await ack()
            return None

        @app.block_action(re.compile(".+"))
        async def button_clicked(ack: AsyncAck, body: Payload) -> None:
            self.dispatch(SlackJob("action", body))
            await ack()

        @app.view_submission(re.compile(".+"))
        async def form_submitted(ack: AsyncAck, body: Payload) -> None:
            await self._on_view_submission(ack, body)

    # -- the work after the ack ------------------------------------------------------------

    def run_here(self, job: SlackJob) -> bool:
        """Queue the job on this process's event loop (tests, embedded use)."""
        return self.work.submit(job.kind, partial(self.run_job, job))

    async def run_job(self, job: SlackJob) -> None:
        """Translate, ask the core, deliver: the same wherever the job runs."""
        match job.kind:
            case "command":
                await self._on_command(job.body)
            case "message":
                event = message_to_event(job.body)  # the listener already left out our own
                if event is not None:
                    await self._on_message(event, job.body, job.retry)
            case "action":
                await self._on_action(job.body)

    async def _handle(self, event: Event, request: str, max_wait: float,
                      retry: str | None = None) -> Outcome:
        profile = await self.profiles.get(event.actor.user_id, max_wait)
        outcome = await self.core.handle(with_profile(event, profile))
        log.info("slack event", extra={
            "platform": "slack", "request": request, "event_id": event.event_id,
            "retry": retry, "outcome": outcome.outcome, "replies": len(outcome.replies)})
        return outcome

    async def _on_command(self, body: Payload) -> None:
        event = command_to_event(body)
        origin = Origin(event.actor.user_id, response_url=body.get("response_url") or None,
                        trigger_id=body.get("trigger_id") or None)
        outcome = await self._handle(event, "command", TRIGGER_PROFILE_TIMEOUT)
        await self.delivery.deliver(outcome.replies, origin)

    async def _on_message(self, event: Event, body: Payload, retry: str | None) -> None:
        channel = (body.get("event") or {}).get("channel") or None
        outcome = await self._handle(event, "message", PROFILE_TIMEOUT, retry)
        await self.delivery.deliver(outcome.replies, Origin(event.actor.user_id, channel))

    async def _on_action(self, body: Payload) -> None:
        event = block_action_to_event(body)
        if event is None:
            return
        origin = click_origin(event.actor.user_id, body)
        outcome = await self._handle(event, "action", TRIGGER_PROFILE_TIMEOUT)
        await self.delivery.deliver(outcome.replies, origin)

    async def _on_view_submission(self, ack: AsyncAck, body: Payload) -> None:
        event = view_submission_to_event(body)
        outcome = await self._handle(event, "view_submission", INLINE_PROFILE_TIMEOUT)
        answer, later = view_answer(outcome.replies)
        if answer is None:
            await ack()  # closes the modal
        else:
            await ack(answer)
        if later:  # the modal is gone: what else there is to say arrives as a DM
            origin = Origin(event.actor.user_id)
            self.work.submit("form follow-up", partial(self.delivery.deliver, later, origin))

    # -- helpers ---------------------------------------------------------------------------

    async def _fetch_profile(self, user_id: str) -> Profile:
        response = await self.client.users_info(user=user_id, include_locale=True)
        user = response.get("user")
        return profile_from_user(user if isinstance(user, dict) else {})

    def _busy_text(self, body: Payload) -> str:
        profile = self.profiles.peek(user_id_of(body))
        t = Translator(pick_language(profile.locale if profile else None,
                                     self.core.program.language))
        return try_again(t)  # the core's own words for "nothing happened, try again"

    async def wait_idle(self) -> None:
        await self.work.wait_idle()

    async def run_socket_mode(self, app_token: str) -> None:
        """Receive over Slack's WebSocket instead of HTTP; runs until cancelled."""
        self._socket = AsyncSocketModeHandler(self.bolt_app, app_token)
        try:
            await self._socket.start_async()
        finally:
            await self._socket.close_async()
            self._socket = None

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
        await self.work.close()
        if self._session is not None:
            await self._session.close()
