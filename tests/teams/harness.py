"""People, activities shaped as Teams sends them, and the bot under test as tests drive it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.app import Runtime
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


