"""Proactive messages: the stored conversation reference, `TeamsSender` and the outbox."""

from __future__ import annotations

import logging

import pytest

from adapters.teams.backoff import Backoff
from adapters.teams.sender import TeamsSender
from conversations.outbox import RetryLater, Unreachable, deliver
from conversations.replies import Button, Card, Text, message_to_dict
from tests.teams.harness import ANNA, BEN, TENANT, TeamsBot


async def no_wait(_: float) -> None:
    return None


def quick_sender(bot: TeamsBot, attempts: int = 3) -> TeamsSender:
    assert bot.runtime.teams is not None
    return TeamsSender(bot.runtime.teams.cloud, "", Backoff(attempts=attempts, sleep=no_wait),
                       bot.runtime.teams.gate)


async def stored_reference(bot: TeamsBot, key: str) -> dict | None:
    async with bot.runtime.store.unit() as repos:
        return await repos.addresses.reference(key)


async def test_every_turn_stores_the_personal_conversation(teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    assert reference is not None
    assert reference["serviceUrl"] == teams_bot.connector.url
    assert reference["conversation"]["id"] == ANNA.conversation_id
    assert reference["conversation"]["tenantID"] == TENANT  # the SDK's spelling, read back alike
    assert reference["user"]["aadObjectId"] == ANNA.aad
    assert "text" not in reference  # an address, not the message


async def test_a_channel_conversation_is_not_a_personal_address(teams_bot: TeamsBot) -> None:
    activity = teams_bot.message(ANNA, "help")
    activity["conversation"] = {"id": "19:team@thread.tacv2", "conversationType": "channel"}
    await teams_bot.send(activity)
    assert await stored_reference(teams_bot, ANNA.key) is None


async def test_the_sender_continues_the_stored_conversation(teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    sender = teams_bot.runtime.senders["teams"]
    before = len(teams_bot.connector.calls)

    await sender.send(ANNA.key, reference, Text("Your partner is **Ben**.\n- first session"))

    [call] = teams_bot.connector.calls[before:]
    assert call.method == "POST" and call.conversation_id == ANNA.conversation_id
    assert call.text == "Your partner is **Ben**.\n\n- first session"
    assert call.body["recipient"]["id"] == ANNA.teams_id


async def test_the_outbox_delivers_a_card_through_teams(teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    runtime = teams_bot.runtime
    card = Card("Meet Ben", ("Ben mentors you on **AI**.",), (Button("ok", "Thanks"),))
    async with runtime.store.unit() as repos:
        await repos.outbox.enqueue("intro:anna", ANNA.key, message_to_dict(card),
                                   runtime.clock.now())
    before = len(teams_bot.connector.calls)

    report = await deliver(runtime.store, runtime.clock, runtime.senders)

    assert report.sent == ["intro:anna"]
    [call] = teams_bot.connector.calls[before:]
    assert call.card["body"][0]["text"] == "Meet Ben"
    assert call.card["actions"][0]["data"] == {"action_id": "ok", "value": ""}


async def test_a_person_without_a_reference_is_unreachable(teams_bot: TeamsBot) -> None:
    sender = teams_bot.runtime.senders["teams"]
    with pytest.raises(Unreachable):
        await sender.send(BEN.key, None, Text("hello"))
    with pytest.raises(Unreachable):
        await sender.send(BEN.key, {"serviceUrl": teams_bot.connector.url}, Text("hello"))
    with pytest.raises(Unreachable):
        await sender.send("slack:U123", {"serviceUrl": "x"}, Text("hello"))
    assert teams_bot.connector.calls == []


async def test_throttling_is_retried(teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    teams_bot.connector.failures = [429, 503]
    before = len(teams_bot.connector.calls)

    await quick_sender(teams_bot).send(ANNA.key, reference, Text("later"))

    assert [c.text for c in teams_bot.connector.calls[before:]] == ["later"]


async def test_persistent_throttling_is_raised_for_the_outbox_to_retry(
        teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    teams_bot.connector.failures = [503, 503, 503]
    with pytest.raises(RetryLater) as caught:
        await quick_sender(teams_bot).send(ANNA.key, reference, Text("later"))
    assert caught.value.code == "teams:http_503"  # not Unreachable: the outbox retries later
    assert teams_bot.connector.failures == []  # three attempts, then up to the outbox


async def test_a_removed_app_makes_the_person_unreachable(teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    teams_bot.connector.failures = [403]
    with pytest.raises(Unreachable):
        await quick_sender(teams_bot).send(ANNA.key, reference, Text("later"))


def test_backoff_waits_longer_each_time_with_jitter() -> None:
    backoff = Backoff(base_delay=0.5, max_delay=8.0, jitter=lambda: 0.5)
    error = Exception()
    assert [backoff.delay(n, error) for n in (1, 2, 3, 6)] == [0.5, 1.0, 2.0, 8.0]
    assert Backoff(jitter=lambda: 0.0).delay(1, error) == 0.25


async def test_a_card_too_large_for_one_message_arrives_in_parts_in_order(
        teams_bot: TeamsBot) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    sections = tuple(f"Part {n}: " + "ö" * 1000 for n in range(40))
    before = len(teams_bot.connector.calls)

    await quick_sender(teams_bot).send(ANNA.key, reference,
                                       Card("Long", sections, (Button("ok", "OK", "1"),)))

    calls = teams_bot.connector.calls[before:]
    assert len(calls) > 1 and {c.conversation_id for c in calls} == {ANNA.conversation_id}
    shown = [e["text"] for c in calls for e in c.card["body"] if e["type"] == "TextBlock"]
    assert shown == ["Long", *sections]
    [button] = calls[-1].card["body"][-1]["actions"]  # the button comes last, still working
    assert button["data"] == {"action_id": "ok", "value": "1"}


async def test_unreachable_says_why_in_the_log(teams_bot: TeamsBot,
                                               caplog: pytest.LogCaptureFixture) -> None:
    await teams_bot.say(ANNA, "help")
    reference = await stored_reference(teams_bot, ANNA.key)
    teams_bot.connector.failures = [404]
    with caplog.at_level(logging.WARNING, logger="tandem.teams"), pytest.raises(Unreachable):
        await quick_sender(teams_bot).send(ANNA.key, reference, Text("later"))
    with caplog.at_level(logging.WARNING, logger="tandem.teams"), pytest.raises(Unreachable):
        await quick_sender(teams_bot).send(BEN.key, {"serviceUrl": "x"}, Text("later"))
    reasons = [r.reason for r in caplog.records if r.getMessage() == "teams person unreachable"]
    assert reasons == ["http_404", "incomplete_reference"]


async def test_the_address_comes_with_the_event_and_a_duplicate_stores_nothing(
        teams_bot: TeamsBot) -> None:
    first = teams_bot.message(ANNA, "help")
    await teams_bot.send(first)
    # The same activity again (a connector retry), now naming another chat: the event is a
    # duplicate, so its address is not stored either.
    again = dict(first, conversation=dict(first["conversation"], id="a:elsewhere"))
    await teams_bot.post(again)
    reference = await stored_reference(teams_bot, ANNA.key)
    assert reference is not None and reference["conversation"]["id"] == ANNA.conversation_id


async def test_an_event_that_rolls_back_stores_no_address(
        teams_bot: TeamsBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import conversations.core as core_module
    from conversations.events import MessageReceived

    async def broken(event: object, ctx: object) -> list[object]:
        raise RuntimeError("a bug in a flow")

    monkeypatch.setitem(core_module.HANDLERS, MessageReceived, broken)
    await teams_bot.post(teams_bot.message(ANNA, "help"))
    assert await stored_reference(teams_bot, ANNA.key) is None
    assert await teams_bot.count("processed_events") == 0


async def test_teams_has_no_group_conversation_so_the_outbox_sends_to_each(
        teams_bot: TeamsBot) -> None:
    from conversations.destinations import Channel, Group
    from conversations.outbox import send_to

    await teams_bot.say(ANNA, "help")
    await teams_bot.say(BEN, "help")
    sender = teams_bot.runtime.senders["teams"]
    assert sender.groups is False
    for to in (Group((ANNA.key, BEN.key)), Channel("teams", "19:team@thread.tacv2")):
        with pytest.raises(Unreachable):
            await send_to(sender, to, None, Text("hi"))
    before = len(teams_bot.connector.calls)
    async with teams_bot.runtime.store.unit() as repos:
        await repos.outbox.enqueue("intro:1", ANNA.key, message_to_dict(Text("Meet Ben")),
                                   teams_bot.clock.now(), group_keys=[ANNA.key, BEN.key])
    report = await deliver(teams_bot.runtime.store, teams_bot.clock, {"teams": sender})
    # The group row is split into one message for each person's own chat.
    assert report.sent == [f"intro:1>{ANNA.key}", f"intro:1>{BEN.key}"]
    sent_to = {c.conversation_id for c in teams_bot.connector.calls[before:]
               if c.method == "POST"}
    assert sent_to == {ANNA.conversation_id, BEN.conversation_id}
