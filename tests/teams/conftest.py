"""The real composition (config → runtime → aiohttp app) on loopback, beside a fake connector.

Activities are posted as Teams sends them; replies are read from what the fake connector got.
Every Adaptive Card the bot sent in a test is checked against the 1.5 schema afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_runtime
from bot.config import load_settings
from bot.server import build_web_app
from conversations.clock import FakeClock
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TEAMS_PROGRAM, TeamsBot, card_errors


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def teams_bot(sqlite_url: str, connector: FakeConnector) -> AsyncIterator[TeamsBot]:
    # The emulator mode (no tokens, loopback clients) answering the loopback fake connector.
    settings = load_settings(env={"DATABASE_URL": sqlite_url,
                                  "TANDEM_CONFIG": str(TEAMS_PROGRAM),
                                  "TEAMS_EMULATOR": "1",
                                  "TEAMS_SERVICE_URLS": connector.url}, dotenv=False)
    clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    runtime = await build_runtime(settings, clock=clock)
    assert runtime.teams is not None
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    yield TeamsBot(runtime, client, connector, clock)
    await client.close()
    await runtime.close()  # lets a delivery still under way finish before the loop ends
    invalid = {call.path: errors for call in connector.calls
               if call.card is not None and (errors := card_errors(call.card))}
    assert not invalid, f"cards that are not valid Adaptive Cards 1.5: {invalid}"
