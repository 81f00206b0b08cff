"""The console harness as a transcript player: one `ConsoleAdapter` per person (one terminal
each), queued messages delivered to the person's terminal after every step."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from adapters.console import ConsoleAdapter, markdown_to_text, plain, render_message
from conversations.attachments import File
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.destinations import Channel
from conversations.due import run_due_work
from conversations.events import Actor, ButtonClicked, Event, FormSubmitted
from conversations.outbox import deliver
from conversations.replies import Card, Form, Reply, Text

PEOPLE = {"coord": "hr"}  # the example program's coordinator is console:hr
LOCALES = {"greta": "de"}  # as the Slack and Teams fakes know her


class Terminal(ConsoleAdapter):
    """Forms are not prompted field by field: the transcript's `[form …]` submits them."""

    form: Form | None = None

    async def fill_form(self, form: Form, kept: dict[str, str | list[str]] | None = None
                        ) -> None:
        self.form = form
        self.say(f"== {markdown_to_text(form.title)} ==\n{markdown_to_text(form.intro)}")

    def save(self, file: File) -> str:
        """Saved as the console saves it (in the player's own folder), and marked as every
        player marks a file: `[file NAME]`."""
        return f"{super().save(file)}\n[file {file.name}]"


class ConsolePlayer:
    restarter: Callable[[], Awaitable[None]] | None = None  # set by the harness

    def __init__(self, core: TandemCore, clock: FakeClock) -> None:
        self.core, self.clock = core, clock
        self.terminals: dict[str, Terminal] = {}
        self.inbox: dict[str, list[str]] = {}
        self.out: list[str] = []
        self.folder = Path(tempfile.mkdtemp(prefix="tandem-transcript-files-"))

    def terminal(self, who: str) -> Terminal:
        if who not in self.terminals:
            user = PEOPLE.get(who, who)
            actor = Actor("console", user, display_name=who.title(), locale=LOCALES.get(who, "en"))

            async def handle(event: Event) -> list[Reply]:
                return (await self.core.handle(event)).replies

            async def never(prompt: str) -> str | None:
                return None

            self.terminals[who] = Terminal(handle, actor, never, self.out.append,
                                           files=self.folder / who)
        return self.terminals[who]

    async def _step(self, who: str, event: Event | str) -> list[str]:
        term = self.terminal(who)
        self.out = []
        term.say = self.out.append
        if isinstance(event, str):
            await term.process_line(event)
        else:
            await term.dispatch(event)
        replies = self.out
        await self._deliver()
        return replies

    async def say(self, who: str, text: str) -> list[str]:
        return await self._step(who, text)

    async def reply(self, who: str, typed: str) -> list[str]:
        return await self.say(who, typed)  # every typed line is a message here

    async def click(self, who: str, label: str) -> list[str]:
        term = self.terminal(who)
        found = [b for b in term._buttons.values() if plain(b.label) == label]
        assert found, f"@{who} has no button {label!r}: {[b.label for b in term._buttons.values()]}"
        return await self._step(who, ButtonClicked(term.actor, found[-1].action_id,
                                                   found[-1].value))

    async def fill(self, who: str, form_id: str, values: dict[str, str]) -> list[str]:
        term = self.terminal(who)
        form = term.form
        assert form is not None and form.form_id.split(":")[0] == form_id, (form_id, form)
        answers: dict[str, str | list[str]] = {}
        for field in form.fields:
            if field.id in values:
                value = values[field.id]
                answers[field.id] = ([v.strip() for v in value.split(",") if v.strip()]
                                     if field.kind in ("multi", "checkbox") else value)
        term.form = None
        return await self._step(who, FormSubmitted(term.actor, form.form_id, answers))

    async def restart(self) -> None:
        """A new process of the bot on the same database: the harness knows how."""
        assert self.restarter is not None, "this harness cannot restart the bot"
        await self.restarter()

    async def invite(self, who: str, channel: str) -> list[str]:
        return []  # the console prints every channel's posts: nothing to join

    async def later(self, delta: timedelta) -> None:
        assert self.core.program_id is not None
        self.clock.advance(delta)
        await run_due_work(self.core.store, self.core.program, self.core.program_id, self.clock)
        await self._deliver()

    async def delivered(self, who: str) -> list[str]:
        return self.inbox.get(who, [])

    async def _deliver(self) -> None:
        player = self

        class ToTerminal:
            groups = False  # the console has no group chats: the outbox splits group messages

            async def send_group(self, person_keys: list[str], body: Text | Card) -> None:
                raise AssertionError("the outbox splits group messages for the console")

            async def send_channel(self, channel: Channel, body: Text | Card) -> None:
                # Printed under the channel's name, as `tandem chat` does.
                player.inbox.setdefault(f"#{channel.id}", []).append(render_message(body))

            async def send(self, key: str, reference: object, body: Text | Card) -> None:
                user = key.split(":", 1)[1]
                who = next((a for a, u in PEOPLE.items() if u == user), user)
                term = player.terminal(who)
                shown: list[str] = []
                term.say = shown.append
                term.show_message(key, body)
                player.inbox.setdefault(who, []).extend(shown)

        await deliver(self.core.store, self.clock, {"console": ToTerminal()})
