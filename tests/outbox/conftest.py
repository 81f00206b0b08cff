"""Outbox tests drive the real senders over HTTP against the local fakes."""

from __future__ import annotations

from adapters.slack.app import build_client
from adapters.slack.sender import SlackSender
from tests.flows.conftest import transcript  # noqa: F401  (a fixture, used here too)
from tests.slack.fake_api import FakeSlackApi
from tests.teams.conftest import connector, make_teams_bot, teams_bot  # noqa: F401  (fixtures)


def slack_sender(fake: FakeSlackApi) -> SlackSender:
    """A sender as `tandem serve` builds it (the app's client, with its sleeping 429 retry
    handler: the sender must not use it)."""
    return SlackSender(build_client("xoxb-test-outbox", fake.api_url))
