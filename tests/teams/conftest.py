"""The real composition (config → runtime → aiohttp app) on loopback, beside a fake connector.

Activities are posted as Teams sends them; replies are read from what the fake connector got.
Every Adaptive Card the bot sent in a test is checked against the 1.5 schema afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_runtime
from bot.config import load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from tests.fast_pacer import fast_pacer
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TEAMS_PROGRAM, TeamsBot, card_errors

MakeBot = Callable[..., Awaitable[TeamsBot]]


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def make_teams_bot(sqlite_url: str, connector: FakeConnector) -> AsyncIterator[MakeBot]:
    """Build the bot from `env` (a `.env`'s variables), served on `host`."""
    bots: list[TeamsBot] = []

    async def make(env: dict[str, str], host: str = "127.0.0.1") -> TeamsBot:
        settings = load_settings(env={"DATABASE_URL": sqlite_url,
                                      "TANDEM_CONFIG": str(TEAMS_PROGRAM)} | env, dotenv=False)
        clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
        runtime = await build_runtime(settings, clock=clock)
        runtime.pacer = fast_pacer()
        client = TestClient(TestServer(build_web_app(runtime), host=host))
        await client.start_server()
        bots.append(TeamsBot(runtime, client, connector, clock))
        return bots[-1]

    yield make
    for bot in bots:
        await bot.client.close()  # closes the runtime too (the app's cleanup)
        await bot.runtime.close()  # lets a delivery still under way finish before the loop ends
    invalid = {call.path: errors for call in connector.calls
               if call.card is not None and (errors := card_errors(call.card))}
    assert not invalid, f"cards that are not valid Adaptive Cards 1.5: {invalid}"


@pytest.fixture
async def teams_bot(make_teams_bot: MakeBot, connector: FakeConnector) -> TeamsBot:
    # The emulator mode (no tokens, loopback clients) answering the loopback fake connector.
    bot = await make_teams_bot({"TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": connector.url})
    assert bot.runtime.teams is not None
    return bot
