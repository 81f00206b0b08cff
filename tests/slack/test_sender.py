"""The outbox sender: DMs by user id; "cannot be reached" is told apart from "try later"."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from adapters.slack.app import build_client
from adapters.slack.sender import SlackSender
from conversations.clock import FakeClock
from conversations.outbox import RetryLater, SendFailed, Unreachable, deliver
from conversations.replies import Button, Card, Text, message_to_dict
from storage.db import Store
from tests.slack.fake_api import FakeSlackApi, slack_user


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
    fake.fail_next("chat.postMessage", 429, retry_after=20)
    started = time.monotonic()
    with pytest.raises(RetryLater) as caught:
        await sender.send("slack:UEN", None, Text("hi"))
    # Not slept on (slack-sdk's rate-limit handler would wait 20 s): the outbox schedules it.
    assert time.monotonic() - started < 2
    assert caught.value.seconds == 20 and len(fake.to("chat.postMessage")) == 1


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


async def test_a_group_message_opens_one_group_dm_and_posts_into_it(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    intro = Card("Your tandem", ("Meet each other",), (Button("kickoff.rules", "OK", "1"),))
    await sender.send_group(["slack:UMENTOR", "slack:UEN"], intro)
    await sender.send_group(["slack:UMENTOR", "slack:UEN"], Text("Your tandem is active!"))
    assert [c.body["users"] for c in fake.to("conversations.open")] == ["UMENTOR,UEN"] * 2
    (channel,) = fake.group_dms  # Slack answers the same people with the same conversation
    assert [c.body["channel"] for c in fake.to("chat.postMessage")] == [channel, channel]
    assert fake.to("chat.postMessage")[0].body["blocks"][0]["type"] == "header"


@pytest.mark.parametrize("error", ["user_disabled", "user_not_found", "user_not_visible",
                                   "invalid_user_combination"])
async def test_a_group_with_someone_gone_is_unreachable(fake: FakeSlackApi, sender: SlackSender,
                                                        error: str) -> None:
    fake.unreachable["UEN"] = error
    with pytest.raises(Unreachable, match=error):
        await sender.send_group(["slack:UMENTOR", "slack:UEN"], Text("hi"))
    assert not fake.to("chat.postMessage")


async def test_a_group_failure_that_is_ours_is_retried_later(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    fake.fail_next("conversations.open", 200, error="missing_scope")  # mpim:write not granted
    with pytest.raises(SendFailed, match="slack:missing_scope"):
        await sender.send_group(["slack:UMENTOR", "slack:UEN"], Text("hi"))
    with pytest.raises(Unreachable):
        await sender.send_group(["slack:UMENTOR", "teams:abc"], Text("hi"))
    assert not fake.to("chat.postMessage")


async def test_a_group_of_one_is_a_plain_dm(fake: FakeSlackApi, sender: SlackSender) -> None:
    await sender.send_group(["slack:UEN", "slack:UEN"], Text("hi"))
    assert not fake.to("conversations.open")  # a 1:1 conversations.open would need im:write
    assert [c.body["channel"] for c in fake.to("chat.postMessage")] == ["UEN"]


async def test_the_outbox_sends_a_tandems_message_as_one_group_dm(
        fake: FakeSlackApi, sender: SlackSender, store: Store, clock: FakeClock) -> None:
    async with store.unit() as repos:
        await repos.outbox.enqueue("intro:1", "slack:UMENTOR", message_to_dict(Text("Hi both")),
                                   clock.now(), group_keys=["slack:UMENTOR", "slack:UEN"])
    report = await deliver(store, clock, {"slack": sender})
    assert report.sent == ["intro:1"]
    (channel,) = fake.group_dms
    assert [c.body["channel"] for c in fake.to("chat.postMessage")] == [channel]


async def test_every_destination_reaches_slack_through_one_protocol(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    from conversations.destinations import Channel, Group, Person
    from conversations.outbox import send_to

    await send_to(sender, Person("slack:UEN"), None, Text("to one"))
    await send_to(sender, Group(("slack:UMENTOR", "slack:UEN")), None, Text("to both"))
    await send_to(sender, Channel("slack", "C0PROGRAM"), None, Text("to the channel"))
    channels = [c.body["channel"] for c in fake.to("chat.postMessage")]
    assert channels[0] == "UEN" and channels[2] == "C0PROGRAM"
    assert channels[1] not in ("UEN", "UMENTOR", "C0PROGRAM")  # the opened group DM
    with pytest.raises(Unreachable):
        await send_to(sender, Channel("teams", "19:x"), None, Text("elsewhere"))


async def test_a_circle_larger_than_a_group_dm_gets_one_message_each(
        fake: FakeSlackApi, sender: SlackSender, store: Store, clock: FakeClock) -> None:
    # Circles may have up to 16 people; Slack's group DMs hold at most 8 besides the bot.
    people = [f"UC{i}" for i in range(9)]
    fake.users.update({u: slack_user(u, f"P{u}", "en-US", "Europe/Berlin") for u in people})
    keys = [f"slack:{u}" for u in people]
    with pytest.raises(Unreachable):
        await sender.send_group(keys, Text("hi all"))
    async with store.unit() as repos:
        await repos.outbox.enqueue("intro:9", keys[0], message_to_dict(Text("Meet your circle")),
                                   clock.now(), group_keys=keys)
    for _ in range(3):  # the split messages go out on the next rounds
        await deliver(store, clock, {"slack": sender})
    assert not fake.group_dms and not fake.to("conversations.open")
    assert sorted(c.body["channel"] for c in fake.to("chat.postMessage")) == sorted(people)
    # Eight is still one group DM.
    await sender.send_group(keys[:8], Text("hi eight"))
    (channel,) = fake.group_dms
    assert len(fake.group_dms[channel]) == 8
