"""Each transcript in this folder, played on every harness that can play it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conversations.clock import FakeClock
from conversations.core import TandemCore
from tests.slack.harness import running_bot
from tests.transcripts.console_player import ConsolePlayer
from tests.transcripts.format import load
from tests.transcripts.play import play
from tests.transcripts.slack_player import SlackPlayer

HERE = Path(__file__).parent
TRANSCRIPTS = sorted(HERE.glob("*.txt"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_on_the_console(path: Path, core: TandemCore, clock: FakeClock) -> None:
    await play(ConsolePlayer(core, clock), load(path), "console")


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_in_slack(path: Path, sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        await play(SlackPlayer(bot), load(path), "slack")
