"""Every transcript in this folder, played on the console, in Slack and in Teams."""

from __future__ import annotations

from pathlib import Path

import pytest

from conversations.clock import FakeClock
from conversations.program import Program
from tests.transcripts import harnesses
from tests.transcripts.format import load, program_settings
from tests.transcripts.play import play

TRANSCRIPTS = sorted(Path(__file__).parent.glob("*.txt"))


@pytest.mark.parametrize("platform", harnesses.PLATFORMS)
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_transcript(path: Path, platform: str, sqlite_url: str, program: Program,
                          clock: FakeClock, tmp_path: Path) -> None:
    steps = load(path)
    settings = program_settings(path)
    if platform == "console":
        async with harnesses.console(sqlite_url, program, clock, settings) as player:
            await play(player, steps, platform)
    elif platform == "slack":
        config = harnesses.program_file(harnesses.SLACK_PROGRAM, settings, tmp_path)
        async with harnesses.slack(sqlite_url, clock, config) as player:
            await play(player, steps, platform)
    else:
        config = harnesses.program_file(harnesses.TEAMS_PROGRAM, settings, tmp_path)
        async with harnesses.teams(sqlite_url, config) as player:
            await play(player, steps, platform)
