"""Fixtures for the Slack adapter tests: a fake Web API and the bot composed around it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from conversations.clock import FakeClock
from tests.slack.harness import SlackBot, running_bot


@pytest.fixture
async def slack_bot(sqlite_url: str, clock: FakeClock) -> AsyncIterator[SlackBot]:
    async with running_bot(sqlite_url, clock) as bot:
        yield bot
