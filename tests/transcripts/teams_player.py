"""The Teams harness as a transcript player: activities posted to the real botbuilder app on
loopback; what people read is taken from the fake connector (replies to their activities,
updates of the card they clicked, proactive messages in their own chat)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tests.teams.display import card_texts
from tests.teams.fake_connector import Call
from tests.teams.harness import (
    ANNA,
    BEN,
    BOT,
    GRETA,
    HANNA,
    TENANT,
    Person,
    TeamsBot,
    submit_actions,
)
from tests.transcripts.play import run_due_later

PEOPLE = {"coord": HANNA, "mia": ANNA, "alex": BEN, "greta": GRETA,
          "sam": Person("aad-sam", "Sam Udo"), "kai": Person("aad-kai", "Kai Brandt")}


# A file as Teams shows it: inline (an image), or the consent card that asks to save it.
FILE_TYPES = {"application/vnd.microsoft.teams.card.file.consent",
              "application/vnd.microsoft.teams.card.file.info"}

# Channels of the stories (`#wins`): a team's General channel, whose id is the team's.
CHANNELS = {"#wins": "19:wins@thread.tacv2"}


@dataclass(frozen=True)
class Seen:
    label: str
    data: dict[str, Any]
    card_id: str | None


class TeamsPlayer:
    restarter: Callable[[], Awaitable[None]] | None = None  # set by the harness

    def __init__(self, bot: TeamsBot) -> None:
        self.bot = bot
        self.buttons: dict[str, list[Seen]] = {}
        self.forms: dict[str, Call] = {}  # alias → the last form card they were shown
        self.read: set[tuple[str, int]] = set()

    def _read(self, who: str, call: Call) -> str:
        card = call.card
        if card is not None and (who, id(call)) not in self.read:
            self.read.add((who, id(call)))
            for action in submit_actions(card):
                data = action.get("data") or {}
                if "form_id" in data:
                    self.forms[who] = call
                else:
                    self.buttons.setdefault(who, []).append(
                        Seen(action.get("title", ""), data, call.response_id))
        parts = [str(call.body.get("text") or ""), card_texts(card) if card else ""]
        parts += [f"[file {a['name']}]" for a in call.body.get("attachments") or []
                  if a.get("name") and (str(a.get("contentType", "")).startswith("image/")
                                        or a.get("contentType") in FILE_TYPES)]
        return "\n".join(p for p in parts if p)

    async def _answer(self, who: str, activity: dict[str, Any]) -> list[str]:
        calls = await self.bot.answer(activity)
        await self.bot.settle()
        return [self._read(who, c) for c in calls]

    async def say(self, who: str, typed: str) -> list[str]:
        return await self._answer(who, self.bot.message(PEOPLE[who], typed))

    async def reply(self, who: str, typed: str) -> list[str]:
        return await self.say(who, typed)  # every typed line is a message here

    async def click(self, who: str, label: str) -> list[str]:
        await self.delivered(who)  # buttons on messages delivered to them count too
        found = [b for b in self.buttons.get(who, []) if b.label == label]
        assert found, f"@{who} saw no button {label!r}"
        return await self._answer(who, self.bot.submit(PEOPLE[who], dict(found[-1].data),
                                                       found[-1].card_id))

    async def fill(self, who: str, form_id: str, values: dict[str, str]) -> list[str]:
        call = self.forms[who]
        assert call.card is not None
        [data] = [a["data"] for a in submit_actions(call.card) if "form_id" in a["data"]]
        assert str(data["form_id"]).split(":")[0] == form_id, data
        return await self._answer(who, self.bot.submit(PEOPLE[who], data | values,
                                                       call.response_id))

    async def restart(self) -> None:
        """A new process of the bot on the same database: the harness knows how."""
        assert self.restarter is not None, "this harness cannot restart the bot"
        await self.restarter()

    async def invite(self, who: str, channel: str) -> list[str]:
        """`who` adds the app to the channel's team: Teams says so with a conversationUpdate
        in that channel, the bot among the members added."""
        cid = CHANNELS[channel]
        activity = self.bot.activity(
            PEOPLE[who], "conversationUpdate", membersAdded=[dict(BOT)],
            conversation={"id": cid, "conversationType": "channel", "isGroup": True,
                          "tenantId": TENANT},
            channelData={"tenant": {"id": TENANT}, "eventType": "teamMemberAdded",
                         "team": {"id": cid, "name": "Reverse Mentoring"}})
        return await self._answer(who, activity)

    async def later(self, delta: timedelta) -> None:
        await run_due_later(self.bot.runtime, delta)
        await self.bot.settle()

    async def delivered(self, who: str) -> list[str]:
        await self.bot.settle()
        if who in CHANNELS:  # posted into the channel, not in answer to someone there
            ours = {a["id"] for a in self.bot.posted if isinstance(a, dict) and "id" in a}
            return [self._read(who, c) for c in self.bot.connector.sent(CHANNELS[who])
                    if c.activity_id not in ours]
        return [self._read(who, c) for c in self.bot.inbox(PEOPLE[who])]
