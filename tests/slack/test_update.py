"""The clicked card is replaced over real HTTP: `dissolve` asks with a card, the click on a
reason ends the tandem and the card says so, without buttons, where it stood.

A card in the coordinator's DM changes with chat.update (its channel and ts, from the click's
container); an ephemeral card (a slash command's private answer) through the click's
response_url with replace_original. Where Slack refuses, the same words arrive as a new
message. Every call is read at the fake Web API.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storage.models import OutboxMessage
from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL, Call
from tests.slack.harness import BOT_TOKEN, COORDINATOR, SlackBot, message_text
from tests.slack.test_matching_kickoff import MENTEE, MENTOR, buttons, tandem

DONE = "Tandem #1 (Mia ↔ Alex) is dissolved (not a good fit)"
DM = "D0COORD"


async def one_tandem(bot: SlackBot) -> None:
    await bot.sign_up(MENTOR, role="mentor", topics=("ai", "tools", "devex"), level="junior")
    await bot.sign_up(MENTEE, role="mentee", topics=("ai",), level="executive")
    proposals = (await bot.say("match", user=COORDINATOR)).body
    await bot.answer_to_click("match.approve_all", buttons(proposals)["match.approve_all"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    assert (await tandem(bot, 1)).status == "kickoff"


async def card_in_dm(bot: SlackBot, event_id: str) -> tuple[str, dict[str, Any]]:
    """`dissolve 1` typed in the coordinator's DM: the card's ts and its message."""
    before = len(bot.fake.to("chat.postMessage", lambda c: c.body["channel"] == DM))
    await bot.event(payloads.dm_event("dissolve 1", user=COORDINATOR, event_id=event_id,
                                      channel=DM))
    posted = (await bot.posted(DM, count=before + 1))[-1]
    assert posted.answer is not None and "End tandem #1" in message_text(posted.body)
    return str(posted.answer["ts"]), posted.body


async def dissolved_dms(bot: SlackBot) -> int:
    async with bot.runtime.store.session() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("dissolved:%"))) or 0)


def no_buttons(body: dict[str, Any]) -> bool:
    return "blocks" in body and not any(b["type"] == "actions" for b in body["blocks"])


async def test_the_card_in_a_dm_is_updated_in_place(slack_bot: SlackBot) -> None:
    bot = slack_bot
    await one_tandem(bot)
    ts, card = await card_in_dm(bot, "EvDissolve1")
    reason = buttons(card)["tandems.dissolve"][1]
    assert reason == "1:no_fit"
    posted_before = len(bot.fake.to("chat.postMessage", lambda c: c.body["channel"] == DM))
    _, hook = await bot.click("tandems.dissolve", reason, user=COORDINATOR, channel=DM,
                              message_ts=ts)
    [update] = await bot.fake.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (DM, ts)
    assert DONE in message_text(update.body)
    assert no_buttons(update.body)  # `blocks` given: Slack would keep the old buttons else
    assert update.authorization == f"Bearer {BOT_TOKEN}"  # the bot's own message
    await bot.adapter.wait_idle()
    assert not bot.fake.to(RESPONSE_URL, lambda c: c.path.endswith(f"/{hook}"))
    assert len(bot.fake.to("chat.postMessage",
                           lambda c: c.body["channel"] == DM)) == posted_before
    assert (await tandem(bot, 1)).end_reason == "no_fit"

    # The old card pressed again (another copy, a client that had not refreshed): one effect.
    await bot.click("tandems.dissolve", "1:other", user=COORDINATOR, channel=DM, message_ts=ts)
    again: list[Call] = await bot.fake.wait_for(
        "chat.postMessage", posted_before + 1, where=lambda c: c.body["channel"] == DM)
    assert "already ended" in message_text(again[-1].body)
    assert len(bot.fake.to("chat.update")) == 1
    assert (await tandem(bot, 1)).end_reason == "no_fit"
    assert await dissolved_dms(bot) == 2  # each of the pair, once


async def test_an_ephemeral_card_is_replaced_through_the_clicks_response_url(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await one_tandem(bot)
    card = (await bot.say("dissolve 1", user=COORDINATOR)).body
    assert card["response_type"] == "ephemeral"
    _, hook = await bot.click("tandems.dissolve", buttons(card)["tandems.dissolve"][1],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    replaced = await bot.ephemeral(hook)
    assert replaced.body["replace_original"] is True
    assert DONE in message_text(replaced.body) and no_buttons(replaced.body)
    await bot.adapter.wait_idle()
    assert not bot.fake.to("chat.update")  # an ephemeral message has no ts to update
    assert len(bot.fake.to(RESPONSE_URL, lambda c: c.path.endswith(f"/{hook}"))) == 1


async def test_when_slack_refuses_the_update_the_words_come_as_a_new_message(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await one_tandem(bot)
    ts, _ = await card_in_dm(bot, "EvDissolve2")
    posted_before = len(bot.fake.to("chat.postMessage", lambda c: c.body["channel"] == DM))
    bot.fake.fail_next("chat.update", status=200, error="message_not_found")  # deleted
    await bot.click("tandems.dissolve", "1:no_fit", user=COORDINATOR, channel=DM,
                    message_ts=ts)
    posted = await bot.fake.wait_for("chat.postMessage", posted_before + 1,
                                     where=lambda c: c.body["channel"] == DM)
    assert DONE in message_text(posted[-1].body) and no_buttons(posted[-1].body)
    [refused] = bot.fake.to("chat.update")
    assert refused.status == 200 and refused.body["ts"] == ts
    assert (await tandem(bot, 1)).end_reason == "no_fit"
    await bot.adapter.wait_idle()
    assert await dissolved_dms(bot) == 2


async def test_a_spent_response_url_falls_back_to_a_direct_message(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await one_tandem(bot)
    card = (await bot.say("dissolve 1", user=COORDINATOR)).body
    hook = "hook-spent"
    bot.fake.spent_hooks.add(hook)
    payload = payloads.block_action("tandems.dissolve", buttons(card)["tandems.dissolve"][1],
                                    user=COORDINATOR, response_url=bot.fake.response_url(hook),
                                    channel="C0GENERAL", ephemeral=True)
    assert (await bot.interaction(payload)).status == 200
    [dm] = await bot.posted(COORDINATOR)  # their DM with the bot: a user id as the channel
    assert DONE in message_text(dm.body)
    [spent] = bot.fake.to(RESPONSE_URL, lambda c: c.path.endswith(f"/{hook}"))
    assert spent.status == 404 and spent.body["replace_original"] is True
