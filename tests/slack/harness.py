"""The bot under test, composed as in production and served on loopback, plus a signed client.

`bot.app.build_runtime` builds the real store, core and SlackAdapter from settings that point
the Web API at the fake; `bot.server.build_web_app` serves `/slack/events`. Requests are signed
with the signing secret exactly as Slack signs them. The program is the example's with a Slack
coordinator (`tests/slack/tandem.toml`).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import TestServer
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from adapters.slack.app import SlackAdapter
from bot.app import Runtime, build_runtime
from bot.config import load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from storage.models import ConversationState, Enrollment, Person
from tests.fast_pacer import fast_pacer
from tests.slack import payloads
from tests.slack.display import shown
from tests.slack.fake_api import RESPONSE_URL, Call, FakeSlackApi

BOT_TOKEN = "xoxb-test-1234-5678-abcdefghijklmnop"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PROGRAM = Path(__file__).with_name("tandem.toml")
COORDINATOR = "UCOORD"


def message_text(body: dict[str, Any]) -> str:
    """Everything a person reads in a posted message: its blocks' texts (rich_text decoded),
    else the fallback."""
    return shown(body)


@dataclass
class Reply:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class SlackBot:
    """Sends what Slack would send; reads what the bot did at the fake and in the database."""

    def __init__(self, runtime: Runtime, fake: FakeSlackApi, url: str,
                 session: aiohttp.ClientSession) -> None:
        self.runtime = runtime
        self.fake = fake
        self.url = url
        self.session = session
        self._hooks = count(1)

    @property
    def adapter(self) -> SlackAdapter:
        assert self.runtime.slack is not None
        return self.runtime.slack

    async def post(self, body: str, content_type: str, *, timestamp: int | None = None,
                   signature: str | None = None, headers: dict[str, str] | None = None) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or SignatureVerifier(SIGNING_SECRET).generate_signature(
            timestamp=ts, body=body)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
                       "X-Slack-Signature": sig, **(headers or {})}
        async with self.session.post(self.url, data=body.encode(), headers=all_headers) as r:
            return Reply(r.status, await r.text())

    def new_hook(self) -> str:
        return f"hook-{next(self._hooks)}"

    async def command(self, text: str, *, user: str = "UEN",
                      trigger_id: str = "1337.42.trigger") -> tuple[Reply, str]:
        """`/tandem <text>`; returns the ack and the response_url hook replies will go to."""
        hook = self.new_hook()
        form = payloads.slash_command(text, user=user, response_url=self.fake.response_url(hook),
                                      trigger_id=trigger_id)
        reply = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        return reply, hook

    async def ephemeral(self, hook: str, within: float = 5.0) -> Call:
        calls = await self.fake.wait_for(RESPONSE_URL, within=within,
                                         where=lambda c: c.path.endswith(f"/{hook}"))
        return calls[0]

    async def say(self, text: str, *, user: str = "UEN") -> Call:
        """`/tandem <text>` and the private reply it got."""
        reply, hook = await self.command(text, user=user)
        assert reply.status == 200, reply
        return await self.ephemeral(hook)

    async def event(self, body: dict[str, Any], retry_num: int | None = None) -> Reply:
        headers = {"X-Slack-Retry-Num": str(retry_num),
                   "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return await self.post(json.dumps(body), "application/json", headers=headers)

    async def interaction(self, payload: dict[str, Any]) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    async def open_signup(self, user: str) -> dict[str, Any]:
        """`/tandem join` and the modal it opened."""
        trigger = f"trigger-{user}-{self.new_hook()}"
        reply, _ = await self.command("join", user=user, trigger_id=trigger)
        assert reply.status == 200
        calls = await self.fake.wait_for("views.open",
                                         where=lambda c: c.body.get("trigger_id") == trigger)
        return calls[0].body["view"]

    async def submit(self, view: dict[str, Any], answers: dict[str, payloads.Answer], *,
                     user: str) -> Reply:
        return await self.interaction(payloads.view_submission(view, answers, user=user))

    async def sign_up(self, user: str, role: str = "mentee",
                      topics: tuple[str, ...] = ("ai", "tools"),
                      level: str | None = None) -> Reply:
        view = await self.open_signup(user)
        reply = await self.submit(view, {"role": role, "topics": list(topics),
                                         "consent": ["yes"], "level": level}, user=user)
        assert reply.status == 200, reply
        return reply

    async def click(self, action_id: str, value: str, *, user: str, channel: str = "D0DM",
                    ephemeral: bool = False, trigger_id: str | None = None,
                    message_ts: str = "1790000001.000100") -> tuple[Reply, str]:
        """A button click (on the message `message_ts`); returns the ack and the
        response_url hook of this click."""
        hook = self.new_hook()
        payload = payloads.block_action(
            action_id, value, user=user, channel=channel, ephemeral=ephemeral,
            response_url=self.fake.response_url(hook),
            trigger_id=trigger_id or f"trigger-{hook}", message_ts=message_ts)
        reply = await self.interaction(payload)
        assert reply.status == 200, reply
        return reply, hook

    async def answer_to_click(self, action_id: str, value: str, *, user: str,
                              channel: str = "D0DM", ephemeral: bool = False) -> Call:
        """A click and the private answer it got through the click's response_url."""
        _, hook = await self.click(action_id, value, user=user, channel=channel,
                                   ephemeral=ephemeral)
        return await self.ephemeral(hook)

    async def modal_from_click(self, action_id: str, value: str, *, user: str,
                               channel: str = "D0DM") -> dict[str, Any]:
        """A click whose answer is a modal, opened with that click's trigger_id."""
        trigger = f"trigger-{user}-{self.new_hook()}"
        await self.click(action_id, value, user=user, channel=channel, trigger_id=trigger)
        calls = await self.fake.wait_for("views.open",
                                         where=lambda c: c.body.get("trigger_id") == trigger)
        return calls[0].body["view"]

    async def posted(self, channel: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait for `count` chat.postMessage calls into `channel` (a user id is their DM)."""
        return await self.fake.wait_for("chat.postMessage", count, within,
                                        where=lambda c: c.body.get("channel") == channel)

    async def posted_anywhere(self, text: str, within: float = 5.0) -> list[Call]:
        """Wait for a chat.postMessage whose fallback text contains `text`."""
        return await self.fake.wait_for("chat.postMessage", within=within,
                                        where=lambda c: text in c.body.get("text", ""))

    async def enrollment(self, user: str) -> Enrollment | None:
        async with self.runtime.store.unit() as repos:
            person = await repos.people.by_key(f"slack:{user}")
            if person is None:
                return None
            assert self.runtime.core.program_id is not None
            return await repos.enrollments.for_person(self.runtime.core.program_id, person.id)

    async def stored_rows(self) -> dict[str, int]:
        async with self.runtime.store.unit() as repos:
            return {model.__tablename__: int(await repos.session.scalar(
                select(func.count()).select_from(model)) or 0)
                for model in (Person, Enrollment, ConversationState)}


@asynccontextmanager
async def running_bot(database_url: str, clock: FakeClock, slack_workers: int = 0,
                      program: Path = PROGRAM, fake: FakeSlackApi | None = None
                      ) -> AsyncIterator[SlackBot]:
    """The bot on loopback, draining its inbox itself, or with `slack_workers` > 0 in real
    worker processes as `tandem serve` does (they read the wall clock, not `clock`). With
    `fake`, that Slack goes on after the bot stops (a restart), else its own one stops too."""
    own = fake is None
    if fake is None:
        fake = FakeSlackApi()
        await fake.start()
    settings = load_settings(env={
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "TANDEM_CONFIG": str(program),
    }, dotenv=False)
    runtime = await build_runtime(settings, clock=clock, slack_workers=slack_workers)
    runtime.pacer = fast_pacer()
    if runtime.slack is not None:
        runtime.slack.home.delay = 0.0  # Home tab refreshes at once: tests wait for them
        runtime.slack.home.rate = 1e6  # and unpaced (the pacing has tests of its own)
    server = TestServer(build_web_app(runtime), host="127.0.0.1")
    await server.start_server(access_log=None)  # as `tandem serve` runs it
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackBot(runtime, fake, str(server.make_url("/slack/events")), session)
    finally:
        await server.close()  # the web app's cleanup closes the runtime and the adapter
        if own:
            await fake.close()
