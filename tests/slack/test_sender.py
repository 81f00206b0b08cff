"""The outbox sender: DMs by user id; "cannot be reached" is told apart from "try later"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.app import build_client
from adapters.slack.sender import SlackSender
from conversations.clock import FakeClock
from conversations.outbox import Unreachable, deliver
from conversations.replies import Button, Card, Text, message_to_dict
from storage.db import Store
from tests.slack.fake_api import FakeSlackApi


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackApi]:
    api = FakeSlackApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
def sender(fake: FakeSlackApi) -> SlackSender:
    return SlackSender(build_client("xoxb-test-sender", fake.api_url.rstrip("/")))


async def test_a_message_goes_to_the_user_id(fake: FakeSlackApi, sender: SlackSender) -> None:
    await sender.send("slack:UEN", None, Card("Your tandem", ("Meet **Mia**",),
                                              (Button("ok", "OK", "1"),)))
    (call,) = fake.to("chat.postMessage")
    assert call.body["channel"] == "UEN"
    assert call.body["blocks"][0]["type"] == "header"
    assert call.authorization == "Bearer xoxb-test-sender"


@pytest.mark.parametrize("error", ["user_not_found", "account_inactive", "cannot_dm_bot",
                                   "channel_not_found"])
async def test_gone_people_are_unreachable(fake: FakeSlackApi, sender: SlackSender,
                                           error: str) -> None:
    fake.unreachable["UGONE"] = error
    with pytest.raises(Unreachable, match=error):
        await sender.send("slack:UGONE", None, Text("hi"))


async def test_other_platforms_are_unreachable_and_rate_limits_are_not(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    with pytest.raises(Unreachable):
        await sender.send("teams:abc", None, Text("hi"))
    for _ in range(3):  # more than the retry handler's two retries
        fake.fail_next("chat.postMessage", 429)
    with pytest.raises(SlackApiError):
        await sender.send("slack:UEN", None, Text("hi"))


async def test_the_outbox_delivers_through_the_sender(fake: FakeSlackApi, sender: SlackSender,
                                                      store: Store, clock: FakeClock) -> None:
    fake.unreachable["UGONE"] = "account_inactive"
    async with store.unit() as repos:
        await repos.outbox.enqueue("nudge:UEN", "slack:UEN", message_to_dict(Text("Hi")),
                                   clock.now())
        await repos.outbox.enqueue("nudge:UGONE", "slack:UGONE", message_to_dict(Text("Hi")),
                                   clock.now())
    report = await deliver(store, clock, {"slack": sender})
    assert (report.sent, report.unreachable) == (["nudge:UEN"], ["nudge:UGONE"])
    clock.advance(timedelta(hours=1))
    assert (await deliver(store, clock, {"slack": sender})).sent == []  # sent once only
