"""Issue 7 item 11: the same signed request, replayed within Slack's five minutes, acts once.

A replay carries the same timestamp and signature; the inbox keys commands and clicks by
them (events by Slack's event_id), so the second copy is acked and dropped.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL
from tests.slack.harness import COORDINATOR, SIGNING_SECRET, SlackBot, message_text
from tests.slack.test_matching_kickoff import MENTEE, buttons, sign_up_cohort


def signature_of(body: str, ts: int) -> str:
    return SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=str(ts), body=body)


async def test_a_replayed_change_request_reaches_the_coordinator_once(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    await bot.answer_to_click("match.approve_all", buttons(proposals)["match.approve_all"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    await bot.adapter.wait_idle()
    before = len(await bot.posted(COORDINATOR, count=0))

    hook = bot.new_hook()
    body = urlencode(payloads.slash_command("change my partner never has time", user=MENTEE,
                                            response_url=bot.fake.response_url(hook)))
    ts = int(time.time())
    signature = signature_of(body, ts)
    first = await bot.post(body, "application/x-www-form-urlencoded", timestamp=ts,
                           signature=signature)
    await bot.adapter.wait_idle()
    bot.runtime.clock.advance(timedelta(seconds=40))  # the replay comes a little later
    again = await bot.post(body, "application/x-www-form-urlencoded", timestamp=ts,
                           signature=signature)
    assert first.status == again.status == 200 and again.text == ""
    await bot.adapter.wait_idle()
    await asyncio.sleep(0.5)  # room for a second request to the coordinator to arrive

    answers = bot.fake.to(RESPONSE_URL, lambda c: c.path.endswith(f"/{hook}"))
    assert len(answers) == 1
    assert "went privately to the program coordinators" in message_text(answers[0].body)
    asks = [c for c in await bot.posted(COORDINATOR, count=before + 1)
            if "privately asks for a change" in message_text(c.body)]
    assert len(asks) == 1


async def test_a_replayed_click_acts_once_and_a_retried_event_too(slack_bot: SlackBot) -> None:
    bot = slack_bot
    hook = bot.new_hook()
    click = urlencode({"payload": json.dumps(payloads.block_action(
        "join", "signup", user="UEN", response_url=bot.fake.response_url(hook),
        trigger_id="trigger-replayed"))})
    ts = int(time.time())
    signature = signature_of(click, ts)
    for _ in range(2):
        reply = await bot.post(click, "application/x-www-form-urlencoded", timestamp=ts,
                               signature=signature)
        assert reply.status == 200
    dm = payloads.dm_event("status", user="UEN", event_id="EvRetried")
    assert (await bot.event(dm)).status == 200
    assert (await bot.event(dm, retry_num=1)).status == 200  # a new signature, same event
    await bot.adapter.wait_idle()
    assert len(bot.fake.to("views.open")) == 1
    assert len(await bot.posted("D0DM")) == 1
