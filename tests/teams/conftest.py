"""The real composition (config → runtime → aiohttp app) on loopback, beside a fake connector.

Activities are posted as Teams sends them; replies are read from what the fake connector got.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from bot.app import Runtime, build_runtime
from bot.config import EXAMPLE_PROGRAM, load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from tests.teams.fake_connector import Call, FakeConnector

TENANT = "tenant-0001"
BOT = {"id": "28:tandem-bot", "name": "Tandem"}
_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    aad: str
    name: str
    locale: str | None = "en-US"
    timezone: str | None = "America/New_York"

    @property
    def teams_id(self) -> str:
        return f"29:{self.aad}"

    @property
    def key(self) -> str:
        return f"teams:{self.aad}"

    @property
    def conversation_id(self) -> str:
        return f"a:chat-{self.aad}"

    def account(self) -> dict[str, str]:
        return {"id": self.teams_id, "name": self.name, "aadObjectId": self.aad}


ANNA = Person("aad-anna", "Anna Berg")
BEN = Person("aad-ben", "Ben Ochs")
GRETA = Person("aad-greta", "Greta Lange", locale="de-DE", timezone="Europe/Berlin")

SIGNUP = {"form_id": "signup", "role": "mentor", "topics": "devex,ai", "department": "Platform",
          "manager": "carla@example.com", "languages": "de,en", "timezone": "Europe/Berlin",
          "level": "junior", "consent": "yes"}


def new_id(prefix: str = "act") -> str:
    return f"{prefix}-{next(_ids)}"


@dataclass
class TeamsBot:
    """The bot under test: post activities, then read the fake connector."""

    runtime: Runtime
    client: TestClient
    connector: FakeConnector
    clock: FakeClock
    posted: list[dict[str, Any]] = field(default_factory=list)

    def activity(self, person: Person, type_: str = "message", **fields: Any) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "type": type_,
            "id": new_id(),
            "timestamp": self.clock.now().isoformat(),
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": person.account(),
            "conversation": {"id": person.conversation_id, "conversationType": "personal",
                             "tenantId": TENANT},
            "recipient": dict(BOT),
            "channelData": {"tenant": {"id": TENANT}},
        }
        if person.locale:
            activity["locale"] = person.locale
        if person.timezone:
            activity["localTimezone"] = person.timezone
        activity.update(fields)
        return activity

    def message(self, person: Person, words: str, **fields: Any) -> dict[str, Any]:
        return self.activity(person, text=words, textFormat="plain", **fields)

    def submit(self, person: Person, value: dict[str, Any],
               card_id: str | None = None) -> dict[str, Any]:
        extra = {"replyToId": card_id} if card_id else {}
        return self.activity(person, value=value, **extra)

    async def post(self, activity: dict[str, Any] | Any, *,
                   headers: dict[str, str] | None = None) -> tuple[int, Any]:
        self.posted.append(activity)
        response = await self.client.post("/api/messages", json=activity, headers=headers)
        body = await response.text()
        return response.status, body

    async def send(self, activity: dict[str, Any]) -> list[Call]:
        """Post and return every call the connector got for this activity's turn."""
        before = len(self.connector.calls)
        status, body = await self.post(activity)
        assert status == 201, (status, body)
        return self.connector.calls[before:]

    async def say(self, person: Person, words: str) -> str:
        """Type `words` and return the text of the single reply."""
        activity = self.message(person, words)
        before = len(self.connector.calls)
        await self.post(activity)
        calls = await self.connector.wait_for(
            lambda calls: [c for c in calls[before:] if c.activity_id == activity["id"]])
        assert len(calls) == 1, [c.body for c in calls]
        return calls[0].text

    async def join(self, person: Person) -> tuple[str, dict[str, Any]]:
        """`join` → (id of the card message, the Adaptive Card)."""
        before = len(self.connector.calls)
        await self.post(self.message(person, "join"))
        calls = await self.connector.wait_for(lambda calls: calls[before:])
        assert calls[0].card is not None, calls[0].body
        assert calls[0].response_id is not None
        return calls[0].response_id, calls[0].card

    async def count(self, table: str) -> int:
        async with self.runtime.store.session() as session:
            return int((await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar())


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def teams_bot(sqlite_url: str, connector: FakeConnector) -> AsyncIterator[TeamsBot]:
    settings = load_settings(env={"DATABASE_URL": sqlite_url,
                                  "TANDEM_CONFIG": str(EXAMPLE_PROGRAM)}, dotenv=False)
    clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    runtime = await build_runtime(settings, clock=clock)
    assert runtime.teams is not None
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    yield TeamsBot(runtime, client, connector, clock)
    await client.close()
