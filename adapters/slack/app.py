"""The Slack adapter: bolt listeners that store each request durably, ack, and work after.

Bolt verifies signatures (401 otherwise; gate.py refuses malformed and unsigned requests
before bolt sees them), answers url_verification and drops our own events. A listener's ack
is one insert into the inbox (storage/inbox.py, group-committed with its neighbours' acks):
once Slack hears 200, the request survives a crash. The inbox drainer (conversations/inbox.py)
then runs the work in this or any other process: translate the payload (inbound.py), add the
person's profile (profiles.py), call the core, send the replies (delivery.py). The replies to
send are written in the core's own unit of work, so a crash after the commit re-sends them
instead of losing them, and the core sees the inbox key as the event id, so its effects happen
once. Replays of a signed request and Slack's retries share one inbox key: one effect.

The exception is view_submission: its ack must carry field errors or close the modal, so the
core runs inline there (well within Slack's 3 s); what follows the modal goes through the inbox.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
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

from adapters.slack.delivery import (
    Origin,
    ReplyDelivery,
    Step,
    Undelivered,
    click_origin,
    origin_from_dict,
    origin_to_dict,
    plan,
    view_answer,
)
from adapters.slack.gate import RequestGate
from adapters.slack.home import HomeTab
from adapters.slack.inbound import (
    block_action_to_event,
    command_to_event,
    home_opened_to_event,
    message_to_event,
    user_id_of,
    view_submission_to_event,
    with_profile,
)
from adapters.slack.profiles import Profile, ProfileCache, profile_from_user
from adapters.slack.ratelog import RateLimitedLog
from adapters.slack.render import render, render_text
from adapters.slack.sender import SlackSender
from conversations.core import TandemCore
from conversations.events import Actor, Event, HomeOpened
from conversations.i18n import Translator, pick_language
from conversations.inbox import GiveUp, InboxDrainer, Retry
from conversations.replies import FormErrors, Home, Outcome, Reply, Text
from conversations.unavailable import busy, form_not_saved
from storage.inbox import Busy, InboxWriter, NewItem
from storage.models import InboxItem
from storage.repositories import Repositories

log = logging.getLogger("tandem.slack")
Payload = dict[str, Any]

COMMAND = "/tandem"
PLATFORM = "slack"
# users.info before the core: a short wait where a trigger_id (3 s) or an ack is waiting,
# a longer one where only the reply's language depends on it.
PROFILE_TIMEOUT = 3.0
TRIGGER_PROFILE_TIMEOUT = 1.0
INLINE_PROFILE_TIMEOUT = 0.8
# Slack gives up on an ack after 3 s. The insert may wait this long for the database (a
# commit in progress, SQLite's writer lock) before the person hears "busy"; a form's core run
# as long before it answers "not saved".
ACK_BUDGET = 2.0
INSERT_TIMEOUT = 1.5  # the database's own limit on an ack's insert: fails before the budget
FORM_BUDGET = 2.2


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


def _header(request: AsyncBoltRequest, name: str) -> str:
    values: Sequence[str] = request.headers.get(name) or []
    return values[0] if values else ""


def request_key(request: AsyncBoltRequest) -> str:
    """One key per signed request: a replay (same timestamp and signature) is the same
    request. Socket Mode has no signature; there the payload (with its single-use
    trigger_id) is the request."""
    timestamp = _header(request, "x-slack-request-timestamp")
    signature = _header(request, "x-slack-signature")
    material = f"{timestamp}:{signature}" if timestamp and signature else (
        request.raw_body or repr(sorted(request.body.items())))
    return "slack:req:" + hashlib.sha256(material.encode()).hexdigest()[:40]


def event_key(body: Payload, request: AsyncBoltRequest) -> str:
    """Slack's event_id: the same for each of its retries."""
    event_id = body.get("event_id")
    return f"slack:event:{event_id}" if isinstance(event_id, str) and event_id else (
        request_key(request))


def request_locale(body: Payload) -> str | None:
    """A locale the request itself carries, where Slack sends one (slash commands never do)."""
    user = body.get("user")
    for value in (user.get("locale") if isinstance(user, dict) else None, body.get("locale")):
        if isinstance(value, str) and value:
            return value
    return None


def first_input_block(view: Payload) -> str | None:
    for block in view.get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


class SlackAdapter:
    """Public: `bolt_app` (for bot/server.py), `sender` (for the outbox), `start()` (drain
    the inbox in this process), `wait_idle()`, `run_socket_mode(app_token)`, `close()`."""

    def __init__(self, core: TandemCore, *, bot_token: str, signing_secret: str,
                 api_url: str | None = None, concurrency: int | None = None,
                 lease_seconds: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.core = core
        self._session = _shared_session()
        self.client = build_client(bot_token, api_url, self._session)
        bolt_logger = logging.getLogger("tandem.slack.bolt")
        # Bolt logs whole request bodies (an unverified request at INFO, an unhandled one at
        # WARNING): what people typed must not reach the log. Its errors still do. Set before
        # the app is built: bolt copies this level into the loggers of its middleware.
        bolt_logger.setLevel(logging.ERROR)
        self.bolt_app = AsyncApp(
            logger=bolt_logger,
            client=self.client,
            signing_secret=signing_secret,
            # The ack is the listener's return: listeners only store the request, so it is
            # immediate (the default mode polls for the ack every 10 ms).
            process_before_response=True,
            ignoring_self_events_enabled=True,
            attaching_conversation_kwargs_enabled=False,  # assistant threads: not used
        )
        self.gate = RequestGate(signing_secret, monotonic=monotonic)
        # Home tabs: published on app_home_opened, refreshed after a person's events and after
        # the outbox reached them (adapters/slack/home.py).
        self.home = HomeTab(self.client, self._home_view, monotonic=monotonic)
        self.sender = SlackSender(self.client, delivered=self.home.refresh)
        self.profiles = ProfileCache(self._fetch_profile, now=monotonic)
        self.delivery = ReplyDelivery(self.client, self.client.retry_handlers, self._session,
                                      home=self.home)
        if concurrency is None:
            # SQLite takes one writer at a time: a second item in flight only waits for the
            # lock (in sleeps of 1, 2, 5 … ms) and halved the drain rate when measured.
            concurrency = 1 if core.store.dialect == "sqlite" else 4
        self.drainer = InboxDrainer(core.store, core.clock, {PLATFORM: self.run_item},
                                    concurrency=concurrency,
                                    lease=timedelta(seconds=lease_seconds))
        self.ack_budget = ACK_BUDGET
        # The database gives up on an ack's insert before the ack does, so "busy" is true:
        # nothing was stored (unless the network itself hangs past the budget).
        # Who drains what was stored: this process's drainer, unless `tandem serve` points
        # it at worker processes (bot/slack_worker.py).
        self.wake: Callable[[], None] = self.drainer.wake
        self.writer = InboxWriter(core.store.quick_engine(INSERT_TIMEOUT), core.clock.now,
                                  on_insert=lambda: self.wake())
        self.busy_answers = 0
        self._busy_log = RateLimitedLog(log, "slack request not taken: busy", now=monotonic)
        self._tasks: set[asyncio.Task[None]] = set()
        self._socket: AsyncSocketModeHandler | None = None
        self._register()

    def start(self) -> None:
        """Drain the inbox in this process (any number of processes may)."""
        self.drainer.start()

    # -- bolt listeners: store, then ack -------------------------------------------------

    def _register(self) -> None:
        app = self.bolt_app

        @app.command(COMMAND)
        async def tandem_command(ack: AsyncAck, body: Payload,
                                 request: AsyncBoltRequest) -> None:
            if await self._receive("command", body, request_key(request)):
                await ack()
            else:
                await ack(self._busy_text(body), response_type="ephemeral")

        @app.event("message")
        async def direct_message(ack: AsyncAck, body: Payload, context: AsyncBoltContext,
                                 request: AsyncBoltRequest) -> BoltResponse | None:
            # Only a person's DM to the bot is stored: channel chatter never reaches the inbox.
            if message_to_event(body, context.bot_user_id) is not None:
                if not await self._receive("message", body, event_key(body, request)):
                    return BoltResponse(status=503, body="")  # Slack delivers it again later
            await ack()
            return None

        @app.event("app_home_opened")
        async def home_opened(ack: AsyncAck, body: Payload,
                              request: AsyncBoltRequest) -> BoltResponse | None:
            # Only the Home tab: the Messages tab sends the same event with `tab: messages`.
            if home_opened_to_event(body) is not None:
                if not await self._receive("home", body, event_key(body, request)):
                    return BoltResponse(status=503, body="")  # Slack delivers it again later
            await ack()
            return None

        @app.block_action(re.compile(".+"))
        async def button_clicked(ack: AsyncAck, body: Payload,
                                 request: AsyncBoltRequest) -> None:
            if not await self._receive("action", body, request_key(request)):
                # A click's ack carries no message: say it where the click was answered.
                self._later(self._say_busy(body))
            await ack()

        @app.view_submission(re.compile(".+"))
        async def form_submitted(ack: AsyncAck, body: Payload,
                                 request: AsyncBoltRequest) -> None:
            await self._on_view_submission(ack, body, request_key(request))

    async def _receive(self, kind: str, body: Payload, key: str) -> bool:
        """Store the request (a replay or retry of a stored one is a no-op). False: it could
        not be stored in time, and the person must hear "busy"."""
        try:
            async with asyncio.timeout(self.ack_budget):
                await self.writer.put(NewItem(PLATFORM, key, kind, {"request": body}))
            return True
        except (Busy, TimeoutError) as exc:
            self.busy_answers += 1
            self._busy_log.log(kind=kind, reason=str(exc) or type(exc).__name__)
            return False

    # -- the work after the ack, once per inbox item ---------------------------------------

    async def run_item(self, item: InboxItem, last_attempt: bool) -> None:
        """The drainer's work for one item: the core, then the replies; or, after a crash or
        a failed send, only the replies that were kept."""
        body = item.body or {}
        if "steps" in body:
            await self._send(item.id, origin_from_dict(body.get("origin") or {}),
                             list(body["steps"]))
            return
        request = body.get("request")
        translated = self._translate(item.kind, request if isinstance(request, dict) else {})
        if translated is None:
            return  # nothing we act on (a click without an action)
        event, origin, max_wait = translated
        event = replace(event, event_id=item.dedupe_key)  # the core's effects happen once
        steps: list[Step] = []

        async def keep_replies(repos: Repositories, replies: list[Reply]) -> None:
            steps[:] = plan(replies)
            await repos.inbox.replace_body(item.id, {"origin": origin_to_dict(origin),
                                                     "steps": steps})

        outcome = await self._handle(event, item.kind, max_wait, before_commit=keep_replies)
        if outcome.outcome == "error":
            if not last_attempt:
                raise Retry("core error")
            await self.delivery.deliver(outcome.replies, origin)  # "try again", at last
            raise GiveUp("core error")
        if outcome.outcome != "ok":  # conflict, duplicate: nothing was kept, say it now
            steps = plan(outcome.replies)
        await self._send(item.id, origin, steps)
        if not isinstance(event, HomeOpened):  # what they did may show on their Home tab
            self.home.refresh(event.actor.user_id)

    def _translate(self, kind: str, body: Payload) -> tuple[Event, Origin, float] | None:
        if kind == "command":
            command = command_to_event(body)
            return command, Origin(command.actor.user_id,
                                   response_url=body.get("response_url") or None,
                                   trigger_id=body.get("trigger_id") or None
                                   ), TRIGGER_PROFILE_TIMEOUT
        if kind == "message":
            message = message_to_event(body)  # the listener already left out our own
            if message is None:
                return None
            channel = (body.get("event") or {}).get("channel") or None
            return message, Origin(message.actor.user_id, channel), PROFILE_TIMEOUT
        if kind == "action":
            click = block_action_to_event(body)
            if click is None:
                return None
            return click, click_origin(click.actor.user_id, body), TRIGGER_PROFILE_TIMEOUT
        if kind == "home":
            opened = home_opened_to_event(body)
            if opened is None:
                return None
            return opened, Origin(opened.actor.user_id), PROFILE_TIMEOUT
        raise GiveUp(f"unknown kind {kind[:40]}")

    async def _send(self, item_id: int, origin: Origin, steps: list[Step]) -> None:
        async def remaining(rest: list[Step]) -> None:  # the next attempt starts there
            async with self.core.store.unit() as repos:
                await repos.inbox.replace_body(item_id, {"origin": origin_to_dict(origin),
                                                         "steps": rest})

        try:
            await self.delivery.send(steps, origin, progress=remaining)
        except Undelivered as exc:
            await remaining(exc.remaining)
            raise Retry(f"slack unreachable: {exc}") from exc

    async def _handle(self, event: Event, request: str, max_wait: float, *,
                      before_commit: Any = None) -> Outcome:
        profile = await self.profiles.get(event.actor.user_id, max_wait)
        outcome = await self.core.handle(with_profile(event, profile),
                                         before_commit=before_commit)
        log.info("slack event", extra={
            "platform": PLATFORM, "request": request, "event_id": event.event_id,
            "outcome": outcome.outcome, "replies": len(outcome.replies)})
        return outcome

    # -- forms: inline, because the ack carries the answer ---------------------------------

    async def _on_view_submission(self, ack: AsyncAck, body: Payload, key: str) -> None:
        event = replace(view_submission_to_event(body), event_id=key)
        origin = Origin(event.actor.user_id)
        now = self.core.clock.now()

        async def keep_follow_up(repos: Repositories, replies: list[Reply]) -> None:
            # What follows the modal is a DM: kept in the form's unit of work, sent by the
            # drainer, so it survives a crash right after the ack.
            _, later = view_answer(replies)
            if later:
                await repos.inbox.add(NewItem(PLATFORM, key, "replies", {
                    "origin": origin_to_dict(origin), "steps": plan(later)}), now)

        try:
            async with asyncio.timeout(FORM_BUDGET):
                outcome = await self._handle(event, "view_submission", INLINE_PROFILE_TIMEOUT,
                                             before_commit=keep_follow_up)
        except TimeoutError:
            outcome = Outcome([], "error")
        if outcome.outcome in ("error", "conflict"):
            await ack(self._form_failed(body, outcome))
            return
        answer, later = view_answer(outcome.replies)
        if answer is None:
            await ack()  # closes the modal
        else:
            await ack(answer)
        if later:
            self.wake()
        self.home.refresh(event.actor.user_id)  # a sign-up, goals, a session: their page

    def _form_failed(self, body: Payload, outcome: Outcome) -> Payload:
        """Keep the modal open, answers and all, with a note in the person's language: under
        its first field (the view is not re-sent, so nothing typed is lost)."""
        raw_view = body.get("view")
        view: Payload = raw_view if isinstance(raw_view, dict) else {}
        texts = [r.markdown for r in outcome.replies if isinstance(r, Text)]
        message = texts[0] if outcome.outcome == "conflict" and texts else form_not_saved(
            self._translator(body))
        block = first_input_block(view)
        if block is not None:
            return render(FormErrors(str(view.get("callback_id") or ""), {block: message}))
        return {"response_action": "update", "view": {  # no field to hang it on
            k: v for k, v in view.items()
            if k in ("type", "callback_id", "title", "submit", "close", "private_metadata")
        } | {"blocks": render_text(Text(message))["blocks"] + list(view.get("blocks") or [])}}

    # -- helpers ---------------------------------------------------------------------------

    async def _home_view(self, user_id: str) -> Payload | None:
        """The person's Home tab view as it is now, asked of the core like an event of theirs
        (read-only; their stored language, else the cached profile's)."""
        event = HomeOpened(Actor("slack", user_id))
        profile = self.profiles.peek(user_id)
        outcome = await self.core.handle(with_profile(event, profile) if profile else event)
        homes = [r for r in outcome.replies if isinstance(r, Home)]
        return render(homes[0]) if homes else None

    async def _fetch_profile(self, user_id: str) -> Profile:
        response = await self.client.users_info(user=user_id, include_locale=True)
        user = response.get("user")
        return profile_from_user(user if isinstance(user, dict) else {})

    def _translator(self, body: Payload) -> Translator:
        """The request's locale, else the cached profile's, else the program's language."""
        locale = request_locale(body)
        if locale is None:
            profile = self.profiles.peek(user_id_of(body))
            locale = profile.locale if profile else None
        return Translator(pick_language(locale, self.core.program.language),
                          self.core.program.german)

    def _busy_text(self, body: Payload) -> str:
        return busy(self._translator(body))

    async def _say_busy(self, body: Payload) -> None:
        origin = click_origin(user_id_of(body), body)
        try:
            await self.delivery.post(render(Text(self._busy_text(body))), origin)
        except Exception as exc:
            log.warning("slack busy answer failed", extra={"platform": PLATFORM,
                                                           "error": type(exc).__name__})

    def _later(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)  # held, or it may be collected mid-flight
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Until the inbox has nothing due and nothing runs (tests)."""
        async with asyncio.timeout(10):
            await asyncio.gather(*self._tasks)
            await self.drainer.wait_idle()
            await self.home.wait_idle()

    async def run_socket_mode(self, app_token: str) -> None:
        """Receive over Slack's WebSocket instead of HTTP; runs until cancelled."""
        self._socket = AsyncSocketModeHandler(self.bolt_app, app_token)
        try:
            await self._socket.start_async()
        finally:
            await self._socket.close_async()
            self._socket = None

    async def stop_work(self) -> None:
        """Take no more requests and let the items in hand finish (they may queue messages)."""
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        await self.drainer.close()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.home.close()  # a page not refreshed now is drawn when next opened

    async def close(self) -> None:
        """After `stop_work` and after the deliveries it started: the HTTP session goes."""
        await self.stop_work()
        await self.home.close()  # and the refreshes the last deliveries started
        if self._session is not None:
            await self._session.close()
