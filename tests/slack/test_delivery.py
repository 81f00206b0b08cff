"""Where replies go: the right Web API call for each reply and each kind of request."""

from __future__ import annotations

import pytest

from adapters.slack.app import build_client
from adapters.slack.delivery import Origin, ReplyDelivery, click_origin
from conversations.replies import Button, Card, DirectMessage, Form, FormAccepted, Text
from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL, FakeSlackApi

FORM = Form("signup", "Join the program", "Intro", (), "Sign up", "Cancel")


@pytest.fixture
def delivery(fake: FakeSlackApi) -> ReplyDelivery:
    client = build_client("xoxb-test-delivery", fake.api_url)
    return ReplyDelivery(client, client.retry_handlers)


async def test_forms_open_first_then_messages_and_direct_messages(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    origin = Origin("UEN", response_url=fake.response_url("cmd"), trigger_id="trig")
    await delivery.deliver([Text("first"), DirectMessage("slack:UMENTOR", Card("Hi")), FORM,
                            FormAccepted("signup")], origin)
    assert [c.method for c in fake.calls] == ["views.open", RESPONSE_URL, "chat.postMessage"]
    assert fake.calls[1].body["response_type"] == "ephemeral"
    assert "replace_original" not in fake.calls[1].body  # a command's answer, not a click's
    assert fake.calls[2].body["channel"] == "UMENTOR"


async def test_an_expired_trigger_sends_the_form_as_a_button(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    fake.fail_next("views.open", 200, error="expired_trigger_id")
    await delivery.deliver([FORM], Origin("UEN", response_url=fake.response_url("cmd"),
                                          trigger_id="old"))
    (launcher,) = fake.to(RESPONSE_URL)
    (button,) = launcher.body["blocks"][-1]["elements"]
    assert button["action_id"] == "join"


async def test_a_click_in_a_dm_is_answered_in_the_dm_and_elsewhere_privately(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    await delivery.deliver([Text("in the DM")], Origin(
        "UEN", channel_id="D0DM", response_url=fake.response_url("dm")))
    await delivery.deliver([Text("in a channel")], Origin(
        "UEN", channel_id="C0GENERAL", response_url=fake.response_url("channel")))
    await delivery.deliver([Text("from a modal")], Origin("UEN"))
    assert [(c.method, c.body.get("channel")) for c in fake.calls] == [
        ("chat.postMessage", "D0DM"), (RESPONSE_URL, None), ("chat.postMessage", "UEN")]


async def test_one_refused_reply_does_not_stop_the_others(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    fake.unreachable["UGONE"] = "account_inactive"
    await delivery.deliver([DirectMessage("slack:UGONE", Text("x")),
                            DirectMessage("teams:abc", Text("y")),
                            Card("Still here", buttons=(Button("ok", "OK"),))], Origin("UEN"))
    assert [c.body["channel"] for c in fake.to("chat.postMessage")] == ["UGONE", "UEN"]


async def test_an_unknown_reply_type_fails_loudly(delivery: ReplyDelivery) -> None:
    with pytest.raises(TypeError, match="slack cannot deliver"):
        await delivery.deliver(["hello"], Origin("UEN"))  # type: ignore[list-item]


async def test_a_click_on_an_ephemeral_message_is_answered_through_its_response_url(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    for channel in ("D0SOMEONE", "G0GROUP"):  # someone else's DM; a tandem's group DM
        hook = fake.response_url(channel)
        ephemeral = payloads.block_action("match.approve", "1", user="UCOORD", channel=channel,
                                          response_url=hook, ephemeral=True)
        origin = click_origin("UCOORD", ephemeral)
        assert (origin.channel_id, origin.response_url, origin.clicked) == (None, hook, True)
        await delivery.deliver([Text("Approved")], origin)
    in_group = click_origin("UEN", payloads.block_action(
        "kickoff.rules", "1", user="UEN", channel="G0GROUP", response_url=hook))
    assert in_group.channel_id == "G0GROUP"
    await delivery.deliver([Text("Noted")], in_group)
    assert not fake.to("chat.postMessage")  # never into a channel the bot may not post to
    for call in fake.to(RESPONSE_URL):
        assert call.body["response_type"] == "ephemeral"
        assert call.body["replace_original"] is False  # the proposals stay clickable


async def test_what_went_out_is_recorded_so_a_cut_off_send_never_repeats_it(
        fake: FakeSlackApi, delivery: ReplyDelivery) -> None:
    """An inbox item's sending can be cut off (its timeout, a crash) between two calls; the
    steps still to do are handed on after each call, so the next attempt starts there."""
    import asyncio

    from adapters.slack.delivery import plan

    origin = Origin("UEN", response_url=fake.response_url("cmd"))
    steps = plan([Text("your answer"), DirectMessage("slack:UMENTOR", Text("for the mentor"))])
    left: list[list[dict[str, object]]] = []

    async def progress(rest: list[dict[str, object]]) -> None:
        left.append(rest)

    fake.delays["chat.postMessage"] = 5.0  # the second call hangs
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(1.0):
            await delivery.send(steps, origin, progress=progress)
    assert [c.method for c in fake.calls] == [RESPONSE_URL]  # the answer went out
    assert left == [steps[1:]]  # and only the DM is left for the next attempt
