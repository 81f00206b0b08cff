"""Plays a parsed transcript on a player (one per harness) and checks its expectations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

from conversations.clock import FakeClock
from conversations.due import run_due_work
from tests.transcripts.format import Click, Expect, Fill, Invite, Later, Restart, Say, Step


class Player(Protocol):
    async def say(self, who: str, text: str) -> list[str]: ...
    async def reply(self, who: str, text: str) -> list[str]: ...
    async def click(self, who: str, label: str) -> list[str]: ...
    async def fill(self, who: str, form_id: str, values: dict[str, str]) -> list[str]: ...
    async def invite(self, who: str, channel: str) -> list[str]:
        """The bot joins `channel` (`#wins`), as `who` adds it; what they saw."""
        ...
    async def later(self, delta: timedelta) -> None:
        """Time passes: the clock moves on, the scheduler's tick runs, messages go out."""
        ...
    async def delivered(self, who: str) -> list[str]:
        """Every message delivered to `who` so far, in order (after the outbox settled)."""
        ...
    async def restart(self) -> None:
        """The bot's process ends and a new one starts on the same database; the platform
        (its fake, with what it was sent) and the clock go on."""
        ...


async def play(player: Player, steps: list[Step], platform: str) -> None:
    last: list[str] = []
    read: dict[str, int] = {}  # alias → how many delivered messages earlier checks consumed
    for step in steps:
        if isinstance(step, Say):
            last = await (player.reply(step.who, step.text) if step.dm else
                          player.say(step.who, step.text))
        elif isinstance(step, Click):
            last = await player.click(step.who, step.label)
        elif isinstance(step, Fill):
            last = await player.fill(step.who, step.form_id, step.values)
        elif isinstance(step, Invite):
            last = await player.invite(step.who, step.channel)
        elif isinstance(step, Later):
            await player.later(step.delta)
            last = []
        elif isinstance(step, Restart):
            await player.restart()
            last = []
        elif isinstance(step, Expect):
            _check(step, last if step.to is None else
                   (await player.delivered(step.to))[read.get(step.to, 0):], read, platform)
        # Setting: the harness was built with the program file it names



def _check(step: Expect, texts: list[str], read: dict[str, int], platform: str) -> None:
    where = f"line {step.line} on {platform}"
    if step.absent:
        assert not any(step.found_in(t) for t in texts), f"{where}: {step.wanted!r} in {texts}"
        return
    for i, text in enumerate(texts):
        if step.found_in(text):
            if step.to is not None:
                read[step.to] = read.get(step.to, 0) + i + 1
            return
    shown = "\n---\n".join(texts)
    raise AssertionError(f"{where}: wanted {step.wanted!r}"
                         f"{' for ' + _named(step.to) if step.to else ''}; got:\n{shown}")


def _named(to: str) -> str:
    return to if to.startswith("#") else "@" + to


async def run_due_later(runtime: Any, delta: timedelta) -> None:
    """`~ N days later` on a bot runtime (Slack, Teams): the clock moves, due work runs and
    delivery is started; the player then waits for the outbox to settle."""
    clock = runtime.clock
    assert isinstance(clock, FakeClock) and runtime.core.program_id is not None
    clock.advance(delta)
    await run_due_work(runtime.store, runtime.program, runtime.core.program_id, clock)
    runtime.kick_delivery()
