"""Each harness, built as its own tests build it, behind one context manager."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_runtime
from bot.config import load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from storage.db import Store
from storage.migrate import upgrade
from tests.fast_pacer import fast_pacer
from tests.slack.harness import PROGRAM as SLACK_PROGRAM
from tests.slack.harness import running_bot
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TEAMS_PROGRAM, TeamsBot, card_errors
from tests.transcripts.console_player import ConsolePlayer
from tests.transcripts.play import Player
from tests.transcripts.slack_player import SlackPlayer
from tests.transcripts.teams_player import TeamsPlayer

PLATFORMS = ("console", "slack", "teams")


@asynccontextmanager
async def console(database_url: str, program: Program, clock: FakeClock
                  ) -> AsyncIterator[Player]:
    store = Store.from_url(database_url)
    await upgrade(store.engine)
    core = TandemCore(store, program, clock)
    await core.start()
    try:
        yield ConsolePlayer(core, clock)
    finally:
        await store.close()


@asynccontextmanager
async def slack(database_url: str, clock: FakeClock, program: Path = SLACK_PROGRAM
                ) -> AsyncIterator[Player]:
    async with running_bot(database_url, clock, program=program) as bot:
        yield SlackPlayer(bot)


@asynccontextmanager
async def teams(database_url: str, program: Path = TEAMS_PROGRAM) -> AsyncIterator[Player]:
    """As tests/teams/conftest.py builds it: emulator mode, the fake connector allowed; every
    card sent is checked against the Adaptive Card 1.5 schema afterwards."""
    connector = FakeConnector()
    await connector.start()
    settings = load_settings(env={
        "DATABASE_URL": database_url, "TANDEM_CONFIG": str(program),
        "TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": connector.url}, dotenv=False)
    clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    runtime = await build_runtime(settings, clock=clock)
    runtime.pacer = fast_pacer()
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    try:
        yield TeamsPlayer(TeamsBot(runtime, client, connector, clock))
    finally:
        await client.close()
        await runtime.close()
        await connector.close()
    invalid = [e for c in connector.calls if c.card is not None for e in card_errors(c.card)]
    assert not invalid, f"cards that are not valid Adaptive Cards 1.5: {invalid}"

