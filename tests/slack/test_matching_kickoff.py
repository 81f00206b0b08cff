"""Issue 4 over real HTTP: a coordinator matches and approves in Slack, the partners meet in a
group DM and agree their kick-off there, with modals and buttons, until the tandem is active.

Every step is a signed request through `bot.server`; every answer is read at the fake Web API.
Messages the core queues (the introduction, notes to the partner) are delivered right after the
event by `Runtime.kick_delivery`, so the tests wait for them to reach the fake.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from bot.config import EXAMPLE_PROGRAM, load_program
from storage.models import MatchRun, OutboxMessage, ProposedPair, Tandem
from tests.slack.fake_api import RESPONSE_URL
from tests.slack.harness import COORDINATOR, PROGRAM, SlackBot, message_text

MENTOR, MENTEE, UNMATCHED = "UMENTOR", "UEN", "UAZUBI"
REFUSAL = "only the program's coordinators can do that"


def buttons(body: dict[str, Any]) -> dict[str, list[str]]:
    """action_id → the values of the buttons with it, in order."""
    found: dict[str, list[str]] = {}
    for block in body.get("blocks", []):
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            action = element["action_id"].split("~")[0]
            found.setdefault(action, []).append(element.get("value", ""))
    return found


async def sign_up_cohort(bot: SlackBot) -> None:
    """A junior mentor, an executive mentee, and an apprentice mentee nobody can mentor (the
    reverse rule wants a more junior mentor): one tandem, one person left unmatched."""
    await bot.sign_up(MENTOR, role="mentor", topics=("ai", "tools", "devex"), level="junior")
    await bot.sign_up(MENTEE, role="mentee", topics=("ai",), level="executive")
    await bot.sign_up(UNMATCHED, role="mentee", topics=("ai",), level="apprentice")
    for user in (MENTOR, MENTEE, UNMATCHED):
        await bot.posted(user)  # the welcome DM


async def count(bot: SlackBot, model: type) -> int:
    async with bot.runtime.store.unit() as repos:
        return int(await repos.session.scalar(select(func.count()).select_from(model)) or 0)


async def tandem(bot: SlackBot, tandem_id: int) -> Tandem:
    async with bot.runtime.store.unit() as repos:
        found = await repos.tandems.get(tandem_id)
        assert found is not None
        return found


def test_the_slack_program_is_the_example_with_a_slack_coordinator() -> None:
    assert load_program(PROGRAM) == replace(load_program(EXAMPLE_PROGRAM),
                                            coordinators=frozenset({f"slack:{COORDINATOR}"}))


async def test_match_approve_and_kick_off_in_slack(slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)

    # The coordinator's proposals: private, with buttons carrying the run's and pairs' ids.
    proposals = (await bot.say("match", user=COORDINATOR)).body
    assert proposals["response_type"] == "ephemeral"
    text = message_text(proposals)
    assert "A. Mia (mentor) ↔ Alex (mentee) · score" in text  # names: rich text, as typed
    assert ("Sam (mentee): mentors who offer these topics: 1, of them 1 not at least 1 "
            "level(s) more "
            "junior than them") in text
    ids = buttons(proposals)
    assert set(ids) == {"match.approve_all", "match.approve", "match.reject"}
    assert all(re.fullmatch(r"\d+\.[0-9a-f]{16}", v) for vs in ids.values() for v in vs)
    assert not bot.fake.to("chat.postMessage", lambda c: c.body["channel"] == UNMATCHED
                           and "fitting tandem partner" in c.body["text"])  # not before approval

    # Approve all, from the ephemeral message in a channel: its response_url replaces the
    # spent card with what was done.
    done = await bot.answer_to_click("match.approve_all", ids["match.approve_all"][0],
                                     user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    assert done.body["replace_original"] is True
    assert not [b for b in done.body.get("blocks", []) if b.get("type") == "actions"]
    assert "Approved 1 tandem(s): #1" in message_text(done.body)
    assert "1 person(s) without a partner were told privately" in message_text(done.body)

    # One group DM with both partners, one introduction in it, with the kick-off buttons.
    (opened,) = await bot.fake.wait_for("conversations.open")
    assert opened.body["users"] == f"{MENTOR},{MENTEE}"
    (group,) = bot.fake.group_dms
    (intro,) = await bot.posted(group)
    assert "Meet your tandem partner" in message_text(intro.body)
    assert "*Confidential*" in message_text(intro.body)
    assert buttons(intro.body) == {"kickoff.rules": ["1"], "kickoff.goals": ["1"],
                                   "kickoff.cadence": ["1"]}
    # The one left over hears privately, without a word about the others.
    (_, told) = await bot.posted(UNMATCHED, count=2)
    assert "could not find a fitting tandem partner" in message_text(told.body)
    assert "Mia" not in message_text(told.body) and "Alex" not in message_text(told.body)
    assert not bot.fake.to("chat.postMessage", lambda c: c.body["channel"] in (MENTOR, MENTEE)
                           and "Meet your tandem" in c.body["text"])  # no 1:1 copies

    # Both agree to the ground rules in the group DM; each answer is private to the clicker.
    for user in (MENTOR, MENTEE):
        agreed = await bot.answer_to_click("kickoff.rules", "1", user=user, channel=group)
        assert agreed.body["response_type"] == "ephemeral"
        assert "your agreement to the ground rules is noted" in message_text(agreed.body)

    # The mentee's goals: a modal from the click; an invalid answer stays in the modal.
    view = await bot.modal_from_click("kickoff.goals", "1", user=MENTEE, channel=group)
    assert view["callback_id"] == "goals:1"
    refused = await bot.submit(view, {"goal1": " ", "goal2": "x" * 300}, user=MENTEE)
    assert refused.status == 200 and refused.json()["response_action"] == "errors"
    assert set(refused.json()["errors"]) == {"goal2"}
    assert (await tandem(bot, 1)).goals == []
    saved = await bot.submit(view, {"goal1": "Use AI assistants daily"}, user=MENTEE)
    assert saved.status == 200 and saved.text == ""  # the modal closes
    assert (await tandem(bot, 1)).goals == ["Use AI assistants daily"]
    (_, confirmation) = await bot.posted(MENTEE, count=2)
    assert "Saved. Your learning goals: Use AI assistants daily" in message_text(
        confirmation.body)
    (_, note) = await bot.posted(MENTOR, count=2)
    assert "Alex set your tandem's learning goals" in message_text(note.body)

    # The mentor proposes cadence and mode; the mentee is asked in their DM with the bot.
    view = await bot.modal_from_click("kickoff.cadence", "1", user=MENTOR, channel=group)
    assert view["callback_id"] == "cadence:1"
    proposed = await bot.submit(view, {"days": "14", "minutes": "45", "mode": "video"},
                                user=MENTOR)
    assert proposed.status == 200 and proposed.text == ""
    (_, _, ask) = await bot.posted(MENTEE, count=3)
    assert "Mia proposes to meet every 14 days for 45 minutes (video)" in message_text(ask.body)
    assert buttons(ask.body)["kickoff.cadence_ok"] == ["1"]

    # The mentee agrees there: the answer comes in that DM, the news in the group DM.
    await bot.click("kickoff.cadence_ok", "1", user=MENTEE, channel="D0ALEX")
    (active,) = await bot.posted("D0ALEX")
    assert "Everything is agreed: your tandem is now active" in message_text(active.body)
    (_, news) = await bot.posted(group, count=2)
    assert "Your tandem is active!" in message_text(news.body)
    assert len(bot.fake.group_dms) == 1  # the same group DM, opened again

    status = await bot.say("status", user=MENTEE)
    assert ("is active: every 14 days, 45 minutes (video)" in message_text(status.body))
    listing = await bot.say("tandems", user=COORDINATOR)
    assert "active, every 14 days (video)" in message_text(listing.body)
    assert (await tandem(bot, 1)).status == "active"


async def test_only_coordinators_can_use_coordinator_commands_and_buttons(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    for line in ("match", "tandems", "dissolve 1"):
        refusal = await bot.say(line, user=MENTEE)
        assert REFUSAL in message_text(refusal.body), line
    proposals = (await bot.say("match", user=COORDINATOR)).body
    for action, values in buttons(proposals).items():
        refusal = await bot.answer_to_click(action, values[0], user=MENTEE, channel="C0GENERAL",
                                            ephemeral=True)
        assert REFUSAL in message_text(refusal.body), action
    await bot.adapter.wait_idle()
    assert await count(bot, Tandem) == 0 and await count(bot, MatchRun) == 1
    async with bot.runtime.store.unit() as repos:
        statuses = await repos.session.scalars(select(ProposedPair.status))
        assert set(statuses) == {"proposed"}
    assert not bot.fake.to("conversations.open")
    assert len(bot.fake.to("chat.postMessage")) == 3  # the three welcomes, nothing else


async def test_rejecting_a_pair_proposes_again_without_it(slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    _, hook = await bot.click("match.reject", buttons(proposals)["match.reject"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    rejected, fresh = await bot.fake.wait_for(RESPONSE_URL, count=2,
                                              where=lambda c: c.path.endswith(f"/{hook}"))
    assert "will not be proposed again" in message_text(rejected.body)
    assert "Proposed tandems (0)" in message_text(fresh.body)
    assert "match.approve" not in buttons(fresh.body)
    stale = await bot.answer_to_click("match.approve_all",
                                      buttons(proposals)["match.approve_all"][0],
                                      user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    assert "out of date" in message_text(stale.body)
    assert await count(bot, Tandem) == 0 and not bot.fake.to("conversations.open")


async def test_one_pair_approved_from_the_bots_dm_then_dissolved(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    (pair,) = buttons(proposals)["match.approve"]
    # An ephemeral message in the bot's own DM is still answered through its response_url.
    done = await bot.answer_to_click("match.approve", pair, user=COORDINATOR,
                                     channel="D0COORD", ephemeral=True)
    assert "Approved 1 tandem(s): #1" in message_text(done.body)
    assert not bot.fake.to("chat.postMessage", lambda c: c.body["channel"] == "D0COORD")
    (group,) = [c.body["channel"] for c in await bot.posted_anywhere("Meet your tandem")]
    # A goals click whose trigger expired: the form's own button comes back, privately.
    bot.fake.fail_next("views.open", 200, error="expired_trigger_id")
    launcher = await bot.answer_to_click("kickoff.goals", "1", user=MENTEE, channel=group)
    assert launcher.body["response_type"] == "ephemeral"
    assert buttons(launcher.body) == {"kickoff.goals": ["1"]}
    listing = message_text((await bot.say("tandems", user=COORDINATOR)).body)
    assert "#1 Mia (mentor) ↔ Alex (mentee): kick-off, missing:" in listing
    # `dissolve` asks first: what will happen, and one button per reason category.
    confirm = (await bot.say("dissolve 1", user=COORDINATOR)).body
    assert "End tandem #1 (Mia ↔ Alex)?" in message_text(confirm)
    assert "told kindly that the program coordination ended their tandem, not why" in (
        message_text(confirm))
    assert buttons(confirm)["tandems.dissolve"] == [
        "1:did_not_meet", "1:no_fit", "1:asked", "1:circumstances", "1:other"]
    assert (await tandem(bot, 1)).status == "kickoff"
    dissolved = await bot.answer_to_click("tandems.dissolve", "1:no_fit", user=COORDINATOR,
                                          channel="D0COORD", ephemeral=True)
    assert "Tandem #1 (Mia ↔ Alex) is dissolved (not a good fit)" in message_text(
        dissolved.body)
    for user in (MENTOR, MENTEE):
        (_, told) = await bot.posted(user, count=2)
        assert "has ended your tandem" in message_text(told.body)
        assert "fit" not in message_text(told.body)  # the reason stays with coordinators
    found = await tandem(bot, 1)
    assert (found.status, found.end_reason) == ("dissolved", "no_fit")
    # The same card clicked again (a double click, a stale card) tells nobody twice.
    again = await bot.answer_to_click("tandems.dissolve", "1:other", user=COORDINATOR,
                                      channel="D0COORD", ephemeral=True)
    assert "already ended on January 20, 2027 (not a good fit)" in message_text(again.body)
    history = message_text((await bot.say("tandems all", user=COORDINATOR)).body)
    assert "There are no current tandems" in history
    assert "#1 Mia (mentor) ↔ Alex (mentee): ended on January 20, 2027: not a good fit" in (
        history)
    assert len(bot.fake.to("chat.postMessage", lambda c: "has ended your tandem"
                           in c.body.get("text", ""))) == 2
    gone = await bot.answer_to_click("kickoff.rules", "1", user=MENTOR, channel=group)
    assert "not part of, or that has ended" in message_text(gone.body)


async def test_a_partner_who_cannot_be_reached_still_leaves_the_intro_for_the_other(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    bot.fake.unreachable[MENTEE] = "user_disabled"
    proposals = (await bot.say("match", user=COORDINATOR)).body
    await bot.answer_to_click("match.approve_all", buttons(proposals)["match.approve_all"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    (opened,) = await bot.fake.wait_for("conversations.open")
    assert opened.body["users"] == f"{MENTOR},{MENTEE}"
    await bot.posted(UNMATCHED, count=2)  # the rest of the delivery still went out
    assert not bot.fake.group_dms
    # No group DM is possible: the intro goes to each alone; the disabled one's copy is not sent.
    for _ in range(100):
        async with bot.runtime.store.unit() as repos:
            rows = {m.dedupe_key: m for m in await repos.session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedupe_key.like("intro:1%")))}
        if (f"intro:1>slack:{MENTEE}" in rows
                and rows.get(f"intro:1>slack:{MENTOR}") is not None
                and rows[f"intro:1>slack:{MENTOR}"].sent_at):
            break
        await asyncio.sleep(0.05)
    assert rows["intro:1"].sent_at is not None  # split, not failed
    assert rows[f"intro:1>slack:{MENTOR}"].sent_at is not None
    assert rows[f"intro:1>slack:{MENTEE}"].sent_at is None  # Slack refuses: never marked sent
