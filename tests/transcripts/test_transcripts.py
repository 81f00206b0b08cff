"""Every transcript in this folder, played on the console, in Slack and in Teams."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.clock import FakeClock
from conversations.program import Program
from tests.slack.harness import PROGRAM as SLACK_PROGRAM
from tests.teams.harness import TEAMS_PROGRAM
from tests.transcripts import harnesses
from tests.transcripts.format import Setting, load, program_text
from tests.transcripts.play import play

TRANSCRIPTS = sorted(Path(__file__).parent.glob("*.txt"))


def with_settings(base: Path, settings: list[Setting], folder: Path) -> Path:
    """The platform's program file with the transcript's settings (`% table.key = …`)."""
    if not settings:
        return base
    path = folder / f"{base.parent.name}-tandem.toml"
    path.write_text(program_text(base.read_text(encoding="utf-8"), settings), encoding="utf-8")
    return path


@pytest.mark.parametrize("platform", harnesses.PLATFORMS)
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_transcript(path: Path, platform: str, sqlite_url: str, program: Program,
                          clock: FakeClock, tmp_path: Path) -> None:
    steps = load(path)
    settings = [s for s in steps if isinstance(s, Setting)]
    if platform == "console":
        if settings:  # the example program as the fixture has it, with the settings
            program = replace(load_program(with_settings(EXAMPLE_PROGRAM, settings, tmp_path)),
                              coordinators=program.coordinators)
        async with harnesses.console(sqlite_url, program, clock) as player:
            await play(player, steps, platform)
    elif platform == "slack":
        async with harnesses.slack(sqlite_url, clock,
                                   with_settings(SLACK_PROGRAM, settings, tmp_path)) as player:
            await play(player, steps, platform)
    else:
        async with harnesses.teams(sqlite_url,
                                   with_settings(TEAMS_PROGRAM, settings, tmp_path)) as player:
            await play(player, steps, platform)
