"""Over Slack: `change` typed in a DM asks what should change; the next DM is the reason."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import ConversationState
from tests.slack import payloads
from tests.slack.harness import COORDINATOR, SlackBot, message_text
from tests.slack.test_matching_kickoff import MENTEE, buttons, sign_up_cohort


async def test_the_reason_typed_after_change_reaches_the_coordinator(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    (pair,) = buttons(proposals)["match.approve"]
    await bot.answer_to_click("match.approve", pair, user=COORDINATOR, channel="D0COORD",
                              ephemeral=True)
    await bot.posted_anywhere("Meet your tandem")

    assert (await bot.event(payloads.dm_event("change", user=MENTEE, event_id="EvA"))
            ).status == 200
    await bot.posted_anywhere("What should change?")
    assert (await bot.event(payloads.dm_event("We never find a slot", user=MENTEE,
                                              event_id="EvB"))).status == 200
    await bot.posted_anywhere("Your request went privately")
    calls = await bot.fake.wait_for(
        "chat.postMessage", where=lambda c: "We never find a slot" in message_text(c.body))
    assert calls and "Change request" in message_text(calls[0].body)
    async with bot.runtime.store.unit() as repos:
        left = await repos.session.scalar(select(func.count()).select_from(ConversationState)
                                          .where(ConversationState.flow == "change"))
    assert left == 0
