"""People, activities shaped as Teams sends them, and the bot under test as tests drive it."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from jsonschema import Draft6Validator
from sqlalchemy import text

from bot.app import Runtime
from conversations.clock import FakeClock
from tests.outbox.due import due_unsent
from tests.teams.display import card_texts
from tests.teams.fake_connector import Call, FakeConnector

TEAMS_PROGRAM = Path(__file__).with_name("tandem.toml")  # Hanna and Olaf coordinate
ADAPTIVE_CARD_SCHEMA = Path(__file__).parent / "schemas" / "adaptive-card-1.5.json"
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
HANNA = Person("aad-hanna", "Hanna Koch")  # coordinator
OLAF = Person("aad-olaf", "Olaf Weiss")  # coordinator who never talked to the bot

SIGNUP = {"form_id": "signup", "role": "mentor", "topics": "devex,ai", "department": "Platform",
          "manager": "carla@example.com", "languages": "de,en", "timezone": "Europe/Berlin",
          "level": "junior", "consent": "yes"}


def new_id(prefix: str = "act") -> str:
    return f"{prefix}-{next(_ids)}"


@cache
def _card_validator() -> Draft6Validator:
    return Draft6Validator(json.loads(ADAPTIVE_CARD_SCHEMA.read_text(encoding="utf-8")))


def card_errors(card: dict[str, Any]) -> list[str]:
    """Why `card` is not a valid Adaptive Card 1.5 (the vendored official schema)."""
    return [f"{list(e.absolute_path)}: {e.message[:200]}"
            for e in _card_validator().iter_errors(card)]


def submit_actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Submit on a card: its action bar and ActionSets in its body."""
    actions = list(card.get("actions") or [])
    for element in card["body"]:
        if element.get("type") == "ActionSet":
            actions += element["actions"]
    return [a for a in actions if a["type"] == "Action.Submit"]


def action_data(card: dict[str, Any], action_id: str, n: int = 0) -> dict[str, Any]:
    return [a["data"] for a in submit_actions(card) if a["data"].get("action_id") == action_id][n]


def texts(card: dict[str, Any]) -> str:
    return card_texts(card)



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

    async def answer(self, activity: dict[str, Any]) -> list[Call]:
        """Post; the calls that answer this activity (replies, updates of the card it came from).

        Proactive messages sent meanwhile by a delivery are not among them.
        """
        before = len(self.connector.calls)
        status, body = await self.post(activity)
        assert status == 201, (status, body)
        card_id = activity.get("replyToId")
        return [c for c in self.connector.calls[before:] if c.activity_id == activity["id"]
                or (card_id and c.method == "PUT" and c.activity_id == card_id)]

    async def reply_text(self, person: Person, words: str) -> str:
        """Type `words`; all reply texts, joined (a coordinator's reply may be several)."""
        calls = await self.answer(self.message(person, words))
        return "\n".join(c.text or json.dumps(c.card) for c in calls)

    async def click(self, person: Person, call: Call, action_id: str, n: int = 0) -> list[Call]:
        """Press a button on the card `call` sent, as Teams posts an Action.Submit."""
        assert call.card is not None and call.response_id is not None
        data = action_data(call.card, action_id, n)
        return await self.answer(self.submit(person, dict(data), call.response_id))

    async def fill(self, person: Person, call: Call, values: dict[str, str]) -> list[Call]:
        """Submit the form card `call` sent with `values` typed into its inputs."""
        assert call.card is not None and call.response_id is not None
        [submit] = call.card["actions"]
        value = submit["data"] | values
        return await self.answer(self.submit(person, value, call.response_id))

    async def signup(self, person: Person, **values: str) -> None:
        calls = await self.answer(self.submit(person, SIGNUP | values))
        assert any("Welcome to" in c.text for c in calls), [c.body for c in calls]

    def inbox(self, person: Person) -> list[Call]:
        """Proactive messages in the person's own chat (not replies to something they sent)."""
        ours = {a["id"] for a in self.posted if isinstance(a, dict) and "id" in a}
        return [c for c in self.connector.sent(person.conversation_id)
                if c.activity_id not in ours]

    async def settle(self, within: float = 5.0) -> None:
        """Wait until every message due by now was sent or given up on (delivery runs after
        turns); what waits for a later time (someone's working hours) waits."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        kick = loop.time() + 0.5
        while True:
            async with self.runtime.store.session() as session:
                if not await due_unsent(session, self.clock.now(), list(self.runtime.senders)):
                    return
            assert loop.time() < deadline, "outbox did not settle"
            if loop.time() > kick:  # a paced message waits for the next run: as `serve`'s
                self.runtime.kick_delivery()  # ticks would start one
                kick = loop.time() + 0.5
            await asyncio.sleep(0.01)

    async def count(self, table: str, where: str = "1 = 1") -> int:
        async with self.runtime.store.session() as session:
            query = text(f"SELECT count(*) FROM {table} WHERE {where}")
            return int((await session.execute(query)).scalar())


