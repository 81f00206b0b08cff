"""Each harness, built as its own tests build it, behind one context manager."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
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
from tests.slack.fake_api import FakeSlackApi
from tests.slack.harness import PROGRAM as SLACK_PROGRAM
from tests.slack.harness import running_bot
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TEAMS_PROGRAM, TeamsBot, card_errors
from tests.transcripts.console_player import ConsolePlayer
from tests.transcripts.play import Player
from tests.transcripts.slack_player import SlackPlayer
from tests.transcripts.teams_player import TeamsPlayer

PLATFORMS = ("console", "slack", "teams")


async def _console_core(database_url: str, program: Program, clock: FakeClock) -> TandemCore:
    store = Store.from_url(database_url)
    await upgrade(store.engine)
    core = TandemCore(store, program, clock)
    await core.start()
    return core


@asynccontextmanager
async def console(database_url: str, program: Program, clock: FakeClock
                  ) -> AsyncIterator[Player]:
    player = ConsolePlayer(await _console_core(database_url, program, clock), clock)

    async def restart() -> None:  # the terminals stay; the process behind them is new
        await player.core.store.close()
        player.core = await _console_core(database_url, program, clock)

    player.restarter = restart
    try:
        yield player
    finally:
        await player.core.store.close()


@asynccontextmanager
async def slack(database_url: str, clock: FakeClock, program: Path = SLACK_PROGRAM
                ) -> AsyncIterator[Player]:
    fake = FakeSlackApi()
    await fake.start()
    stack = AsyncExitStack()
    try:
        player = SlackPlayer(await stack.enter_async_context(
            running_bot(database_url, clock, program=program, fake=fake)))

        async def restart() -> None:  # Slack (the fake, what it was sent) goes on
            await stack.aclose()
            player.bot = await stack.enter_async_context(
                running_bot(database_url, clock, program=program, fake=fake))

        player.restarter = restart
        yield player
    finally:
        await stack.aclose()
        await fake.close()


@asynccontextmanager
async def _teams_bot(database_url: str, program: Path, connector: FakeConnector,
                     clock: FakeClock) -> AsyncIterator[TeamsBot]:
    settings = load_settings(env={
        "DATABASE_URL": database_url, "TANDEM_CONFIG": str(program),
        "TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": connector.url}, dotenv=False)
    runtime = await build_runtime(settings, clock=clock)
    runtime.pacer = fast_pacer()
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    try:
        yield TeamsBot(runtime, client, connector, clock)
    finally:
        await client.close()
        await runtime.close()


@asynccontextmanager
async def teams(database_url: str, program: Path = TEAMS_PROGRAM) -> AsyncIterator[Player]:
    """As tests/teams/conftest.py builds it: emulator mode, the fake connector allowed; every
    card sent is checked against the Adaptive Card 1.5 schema afterwards."""
    connector = FakeConnector()
    await connector.start()
    clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    stack = AsyncExitStack()
    try:
        player = TeamsPlayer(await stack.enter_async_context(
            _teams_bot(database_url, program, connector, clock)))

        async def restart() -> None:  # Teams (the connector, what it was sent) goes on
            await stack.aclose()
            player.bot = await stack.enter_async_context(
                _teams_bot(database_url, program, connector, clock))

        player.restarter = restart
        yield player
    finally:
        await stack.aclose()
        await connector.close()
    invalid = [e for c in connector.calls if c.card is not None for e in card_errors(c.card)]
    assert not invalid, f"cards that are not valid Adaptive Cards 1.5: {invalid}"
