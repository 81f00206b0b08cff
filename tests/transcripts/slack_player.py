"""The Slack harness as a transcript player: signed slash commands, block_actions and
view_submissions to the real bolt app on loopback; what people read is taken from the fake
Web API (response_url answers, opened modals, chat.postMessage into their DMs and group DMs).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tests.outbox.due import due_unsent
from tests.slack import payloads
from tests.slack.display import shown
from tests.slack.fake_api import RESPONSE_URL, Call, dm_channel
from tests.slack.harness import COORDINATOR, SlackBot
from tests.transcripts.play import run_due_later

# Channels of the stories (`#wins`): the bot is not a member until it is invited.
CHANNELS = {"#wins": "C0WINS"}
# Users the fake Web API knows (names and locales come from users.info).
PEOPLE = {"coord": COORDINATOR, "mia": "UMENTOR", "alex": "UEN", "sam": "UAZUBI",
          "kai": "UKAI", "greta": "UDE"}


@dataclass(frozen=True)
class Seen:
    """A button someone saw: where it was, so the click comes from there."""
    label: str
    action_id: str
    value: str
    channel: str
    ephemeral: bool


class SlackPlayer:
    restarter: Callable[[], Awaitable[None]] | None = None  # set by the harness

    def __init__(self, bot: SlackBot) -> None:
        self.bot = bot
        self.buttons: dict[str, list[Seen]] = {}
        self.views: dict[str, dict[str, Any]] = {}  # user → the last modal opened for them
        self.read: set[tuple[str, int]] = set()  # (alias, call) whose buttons are known
        for channel in CHANNELS.values():  # as Slack answers a bot that was never invited
            bot.fake.unreachable.setdefault(channel, "not_in_channel")

    def user(self, who: str) -> str:
        return PEOPLE[who]

    def _channels(self, user: str) -> set[str]:
        return {user} | {c for c, members in self.bot.fake.group_dms.items() if user in members}

    def _read(self, who: str, body: dict[str, Any], channel: str, ephemeral: bool) -> str:
        if (who, id(body)) in self.read:
            return shown(body)
        self.read.add((who, id(body)))
        for block in body.get("blocks", []):
            for element in block.get("elements", []) if block["type"] == "actions" else []:
                if element.get("type") == "button":
                    self.buttons.setdefault(who, []).append(Seen(
                        element["text"]["text"], element["action_id"],
                        element.get("value", ""), channel, ephemeral))
        return shown(body)

    @staticmethod
    def _is_share(call: Call, channels: set[str]) -> bool:
        """A file Slack took and shared into one of these conversations."""
        return call.method == "files.completeUploadExternal" and bool(
            (call.answer or {}).get("ok")) and call.body.get("channel_id") in channels

    def _shared(self, call: Call) -> str:
        """A file shared into a conversation (files.completeUploadExternal): `[file NAME]`."""
        names = [self.bot.fake.uploads[item["id"]].filename
                 for item in json.loads(str(call.body.get("files") or "[]"))
                 if item.get("id") in self.bot.fake.uploads]
        return "\n".join(f"[file {name}]" for name in names)

    async def _settle(self) -> None:
        await self.bot.adapter.wait_idle()
        async with asyncio.timeout(5):
            while True:
                async with self.bot.runtime.store.session() as session:
                    pending = await due_unsent(session, self.bot.runtime.clock.now(),
                                               list(self.bot.runtime.senders))
                if not pending:
                    return
                await asyncio.sleep(0.01)

    async def _after(self, who: str, before: int, hook: str | None, trigger: str | None,
                     channel: str | None) -> list[str]:
        """What `who` saw in answer to the step: its response_url posts, a modal opened with
        its trigger, and messages posted (or updated) in the channel it came from or their DM."""
        await self._settle()
        user, seen = self.user(who), []
        for call in self.bot.fake.calls[before:]:
            if hook and call.method == RESPONSE_URL and call.path.endswith(f"/{hook}"):
                seen.append(self._read(who, call.body, channel or "C0GENERAL", True))
            elif trigger and call.method == "views.open" \
                    and call.body.get("trigger_id") == trigger:
                view = call.body["view"]
                self.views[user] = view
                title = view.get("title", {}).get("text", "")
                seen.append("\n".join(t for t in (title, shown(view)) if t))
            elif call.method in ("chat.postMessage", "chat.update") \
                    and call.body.get("channel") in {user, channel}:
                seen.append(self._read(who, call.body, call.body["channel"], False))
            elif self._is_share(call, {dm_channel(user), channel or ""}):
                seen.append(self._shared(call))
        return seen

    async def say(self, who: str, typed: str) -> list[str]:
        before = len(self.bot.fake.calls)
        trigger = f"trigger-{self.bot.new_hook()}"
        reply, hook = await self.bot.command(typed, user=self.user(who), trigger_id=trigger)
        assert reply.status == 200, reply
        return await self._after(who, before, hook, trigger, None)

    async def reply(self, who: str, typed: str) -> list[str]:
        """A message typed in the bot's DM (its channel named by the user id, as the fake
        Web API's DMs are), not a slash command."""
        before, user = len(self.bot.fake.calls), self.user(who)
        event = payloads.dm_event(typed, user=user, channel=user,
                                  event_id=f"EvDM{self.bot.new_hook()}")
        assert (await self.bot.event(event)).status == 200
        return await self._after(who, before, None, None, user)

    async def click(self, who: str, label: str) -> list[str]:
        await self.delivered(who)  # buttons on messages delivered to them count too
        found = [b for b in self.buttons.get(who, []) if b.label == label]
        assert found, f"@{who} saw no button {label!r}"
        button, before = found[-1], len(self.bot.fake.calls)
        trigger = f"trigger-{self.bot.new_hook()}"
        _, hook = await self.bot.click(button.action_id, button.value, user=self.user(who),
                                       channel=button.channel, ephemeral=button.ephemeral,
                                       trigger_id=trigger)
        return await self._after(who, before, hook, trigger, button.channel)

    async def fill(self, who: str, form_id: str, values: dict[str, str]) -> list[str]:
        user = self.user(who)
        view = self.views[user]
        assert view["callback_id"].split(":")[0] == form_id, view["callback_id"]
        kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]
                 if b["type"] == "input"}
        answers: dict[str, payloads.Answer] = {
            k: [x.strip() for x in v.split(",") if x.strip()]
            if kinds.get(k) in ("multi_static_select", "checkboxes") else v
            for k, v in values.items()}
        before = len(self.bot.fake.calls)
        reply = await self.bot.submit(view, answers, user=user)
        assert reply.status == 200, reply
        seen = []
        if reply.text and (ack := reply.json()).get("response_action") == "errors":
            seen.append("\n".join(ack["errors"].values()))
        return seen + await self._after(who, before, None, None, None)

    async def restart(self) -> None:
        """A new process of the bot on the same database: the harness knows how."""
        assert self.restarter is not None, "this harness cannot restart the bot"
        await self.restarter()

    async def invite(self, who: str, channel: str) -> list[str]:
        """`/invite @Tandem` in the channel: Slack takes the bot's posts there from now on."""
        self.bot.fake.unreachable.pop(CHANNELS[channel], None)
        return []

    async def later(self, delta: timedelta) -> None:
        await run_due_later(self.bot.runtime, delta)
        await self._settle()

    async def delivered(self, who: str) -> list[str]:
        await self._settle()
        if who in CHANNELS:  # what Slack took into the channel
            return [shown(c.body) for c in self.bot.fake.to(
                "chat.postMessage", lambda c: c.body.get("channel") == CHANNELS[who]
                and bool((c.answer or {}).get("ok")))]
        channels = self._channels(self.user(who))
        dms = channels | {dm_channel(c) for c in channels}
        seen = []
        for call in self.bot.fake.calls:
            if call.method == "chat.postMessage" and call.body.get("channel") in channels:
                seen.append(self._read(who, call.body, call.body["channel"], False))
            elif self._is_share(call, dms):
                seen.append(self._shared(call))
        return seen
