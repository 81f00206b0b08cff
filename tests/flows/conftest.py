"""A transcript fixture: people type lines at the console adapter; tests read what came back."""

from __future__ import annotations

from collections import deque

import pytest

from adapters.console import ConsoleAdapter
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, Event
from conversations.program import Program
from conversations.replies import Reply
from storage.db import Store


class Transcript:
    def __init__(self, core: TandemCore) -> None:
        self.core = core
        self.lines: list[str] = []
        self.adapters: dict[str, ConsoleAdapter] = {}

    def actor(self, user: str, lang: str | None = None) -> Actor:
        return Actor("console", user, display_name=user.title(), locale=lang)

    async def say(self, user: str, line: str, answers: list[str] | None = None,
                  lang: str | None = None) -> str:
        """`user` types `line`; form prompts are answered from `answers` (then cancelled).

        Returns everything printed in reply, as one text.
        """
        queue: deque[str] = deque(answers or [])
        out: list[str] = []

        async def ask(prompt: str) -> str | None:
            out.append(prompt)
            return queue.popleft() if queue else None

        async def handle(event: Event) -> list[Reply]:
            return (await self.core.handle(event)).replies

        # One adapter per person, as one terminal: a card's numbered buttons stay pressable
        # on the next line typed.
        adapter = self.adapters.get(user)
        if adapter is None:
            adapter = self.adapters[user] = ConsoleAdapter(handle, self.actor(user, lang), ask,
                                                           out.append)
        adapter.actor, adapter.ask, adapter.say = self.actor(user, lang), ask, out.append
        await adapter.process_line(line)
        assert not queue, f"unused answers: {list(queue)}"
        text = "\n".join(out)
        self.lines.append(f"{user}> {line}\n{text}")
        return text


# Answers to the sign-up prompts, in field order: role, topics, department, manager,
# languages, time zone, level, never pair with, consent. Numbers pick from the listed choices.
MENTEE = ["2", "1,3", "Vorstand", "", "1,2", "", "6", "", "y"]
MENTOR = ["1", "1,2,3", "Engineering", "", "1,2", "", "2", "", "y"]


@pytest.fixture
def transcript(core: TandemCore) -> Transcript:
    return Transcript(core)


@pytest.fixture
async def any_core(any_store: Store, program: Program, clock: FakeClock) -> TandemCore:
    """A core on SQLite and on PostgreSQL."""
    core = TandemCore(any_store, program, clock)
    await core.start()
    return core
