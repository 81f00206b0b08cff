"""Each transcript in this folder, played on every harness that can play it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_runtime
from bot.config import load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from conversations.core import TandemCore
from tests.slack.harness import running_bot
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TEAMS_PROGRAM, TeamsBot, card_errors
from tests.transcripts.console_player import ConsolePlayer
from tests.transcripts.format import load
from tests.transcripts.play import play
from tests.transcripts.slack_player import SlackPlayer
from tests.transcripts.teams_player import TeamsPlayer

HERE = Path(__file__).parent
TRANSCRIPTS = sorted(HERE.glob("*.txt"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_on_the_console(path: Path, core: TandemCore, clock: FakeClock) -> None:
    await play(ConsolePlayer(core, clock), load(path), "console")


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_in_slack(path: Path, sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        await play(SlackPlayer(bot), load(path), "slack")


@pytest.fixture
async def teams_bot(sqlite_url: str) -> AsyncIterator[TeamsBot]:
    """As tests/teams/conftest.py builds it: emulator mode, the fake connector allowed."""
    connector = FakeConnector()
    await connector.start()
    settings = load_settings(env={
        "DATABASE_URL": sqlite_url, "TANDEM_CONFIG": str(TEAMS_PROGRAM),
        "TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": connector.url}, dotenv=False)
    clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    runtime = await build_runtime(settings, clock=clock)
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    try:
        yield TeamsBot(runtime, client, connector, clock)
    finally:
        await client.close()
        await runtime.close()
        await connector.close()
    invalid = [e for c in connector.calls if c.card is not None for e in card_errors(c.card)]
    assert not invalid, f"cards that are not valid Adaptive Cards 1.5: {invalid}"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_in_teams(path: Path, teams_bot: TeamsBot) -> None:
    await play(TeamsPlayer(teams_bot), load(path), "teams")
