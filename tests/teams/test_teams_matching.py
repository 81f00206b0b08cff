"""Matching, approval and the kick-off in Teams, over real HTTP against the fake connector.

The same story as `tests/flows/test_matching_kickoff.py`, as Teams people live it: typed
commands, Action.Submit buttons and form cards, and proactive messages in each person's own
chat through the conversation reference stored when they last talked to the bot.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.directory_import import import_people
from conversations.outbox import deliver
from tests.teams.fake_connector import Call
from tests.teams.harness import (
    ANNA,
    BEN,
    HANNA,
    OLAF,
    TEAMS_PROGRAM,
    Person,
    TeamsBot,
    action_data,
    submit_actions,
    texts,
)

UDO = Person("aad-udo", "Udo Brandt")  # an apprentice who wants a mentor: nobody is more junior
MENTOR = {"role": "mentor", "level": "junior", "manager": "", "department": "Platform"}
MENTEE = {"role": "mentee", "level": "lead", "manager": "", "department": "Vorstand"}
REFUSED = "only the program's coordinators can do that. Nothing was changed."


def test_the_program_file_is_the_example_with_teams_coordinators() -> None:
    example, ours = load_program(EXAMPLE_PROGRAM), load_program(TEAMS_PROGRAM)
    assert ours.coordinators == frozenset({HANNA.key, OLAF.key})
    assert replace(ours, coordinators=example.coordinators) == example


async def in_new_york_morning(bot: TeamsBot) -> None:
    """The Teams people work in New York, where the tests' 9:00 UTC is 4:00: a notice
    queued for them (a change request to the coordinators) waits for 9:00 there."""
    bot.clock.set(datetime(2027, 1, 20, 14, tzinfo=UTC))
    bot.runtime.kick_delivery()
    await bot.settle()


def only(calls: list[Call]) -> Call:
    assert len(calls) == 1, [c.body for c in calls]
    return calls[0]


def card_reply(calls: list[Call]) -> Call:
    return only([c for c in calls if c.method == "POST" and c.card is not None])


async def match_card(bot: TeamsBot) -> Call:
    call = card_reply(await bot.answer(bot.message(HANNA, "match")))
    assert call.card is not None and call.card["body"][0]["text"].startswith("Proposed tandems")
    return call


async def a_tandem(bot: TeamsBot) -> str:
    """Anna (mentor) and Ben (mentee) approved and introduced: the tandem's id."""
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(BEN, **MENTEE)
    proposals = await match_card(bot)
    only(await bot.click(HANNA, proposals, "match.approve_all"))
    await bot.settle()
    intro = only(bot.inbox(BEN))
    return str(action_data(intro.card, "kickoff.rules")["value"])


async def tandem_row(bot: TeamsBot, tid: str) -> dict[str, object]:
    async with bot.runtime.store.unit() as repos:
        tandem = await repos.tandems.get(int(tid))
        assert tandem is not None
        return {"status": tandem.status, "goals": list(tandem.goals), "mode": tandem.mode,
                "end_reason": tandem.end_reason}


async def test_matching_and_kickoff_in_teams(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(BEN, **MENTEE)
    await bot.signup(UDO, **MENTEE | {"level": "apprentice"})

    # The coordinator asks for proposals: one card, one pair, Udo listed as not matchable.
    proposals = await match_card(bot)
    card = proposals.card
    assert card is not None
    assert "A. Anna Berg (mentor) ↔ Ben Ochs (mentee)" in texts(card)
    assert ("Udo Brandt (mentee): mentors who offer these topics: 1, of them 1 not at least "
            "1 level(s) "
            "more junior than them") in texts(card)
    assert [a["data"]["action_id"] for a in submit_actions(card)] == [
        "match.approve", "match.reject", "match.approve_all"]
    for action in submit_actions(card):  # a run or proposal id and the pool's digest
        assert re.fullmatch(r"\d+\.[0-9a-f]{16}", action["data"]["value"])
    assert [a["title"] for a in submit_actions(card)] == ["Approve A", "Reject A",
                                                          "Approve all"]
    assert bot.inbox(UDO) == []  # nobody hears anything before approval

    # Approve all: both partners get the same introduction, each in their own chat.
    [done] = await bot.click(HANNA, proposals, "match.approve_all")
    assert "Approved 1 tandem(s)" in done.text
    assert "1 person(s) without a partner were told privately" in done.text
    await bot.settle()
    intro_anna, intro_ben = only(bot.inbox(ANNA)), only(bot.inbox(BEN))
    assert intro_anna.card == intro_ben.card
    assert intro_anna.conversation_id == ANNA.conversation_id
    assert intro_ben.body["recipient"]["id"] == BEN.teams_id
    intro = intro_ben.card
    assert intro is not None and intro["body"][0]["text"] == "Your tandem in Reverse Mentoring 2027"
    assert "Meet your tandem partner" in texts(intro) and "**Confidential**" in texts(intro)
    assert [a["data"]["action_id"] for a in submit_actions(intro)] == [
        "kickoff.rules", "kickoff.goals", "kickoff.cadence"]
    tid = action_data(intro, "kickoff.rules")["value"]
    assert {a["data"]["value"] for a in submit_actions(intro)} == {tid}
    told = only(bot.inbox(UDO))
    assert "could not find a fitting tandem partner" in told.text
    assert "Anna" not in told.text and "Ben" not in told.text
    assert bot.inbox(HANNA) == []

    # Someone outside the tandem cannot act on it.
    [no] = await bot.click(UDO, intro_ben, "kickoff.rules")
    assert "not part of" in no.text

    # Both agree to the ground rules from their own copy of the card.
    [ben_rules] = await bot.click(BEN, intro_ben, "kickoff.rules")
    assert "your agreement to the ground rules is noted" in ben_rules.text
    assert "Anna Berg confirms the ground rules" in ben_rules.text
    [anna_rules] = await bot.click(ANNA, intro_anna, "kickoff.rules")
    assert "confirms the ground rules" not in anna_rules.text

    # The mentee's goals: a form card; errors land next to the fields and nothing is stored.
    goals = card_reply(await bot.click(BEN, intro_ben, "kickoff.goals"))
    assert goals.card is not None
    assert goals.card["actions"][0]["data"] == {"form_id": f"goals:{tid}"}
    [update] = await bot.fill(BEN, goals, {"goal1": "Use AI daily", "goal2": "x" * 300})
    assert update.method == "PUT" and update.activity_id == goals.response_id
    assert "Please keep a goal under 200 characters." in texts(update.card)
    assert (await tandem_row(bot, tid))["goals"] == []
    calls = await bot.fill(BEN, goals, {"goal1": "Use AI assistants daily",
                                        "goal2": "Understand TikTok", "goal3": ""})
    notice = only([c for c in calls if c.method == "PUT"])
    assert notice.card["body"][0]["text"] == "✅ Your answers were received."
    assert "Saved. Your learning goals" in only([c for c in calls if c.method == "POST"]).text
    assert (await tandem_row(bot, tid))["goals"] == ["Use AI assistants daily",
                                                     "Understand TikTok"]
    await bot.settle()
    note = bot.inbox(ANNA)[-1]
    assert "Ben Ochs set your tandem's learning goals" in note.text
    assert "• Use AI assistants daily\n• Understand TikTok" in note.text  # a card: goals as typed

    # The mentor proposes the cadence; the mentee is asked proactively and agrees.
    cadence = card_reply(await bot.click(ANNA, intro_anna, "kickoff.cadence"))
    assert cadence.card is not None
    assert cadence.card["actions"][0]["data"] == {"form_id": f"cadence:{tid}"}
    [errors] = await bot.fill(ANNA, cadence, {"days": "3", "minutes": "45", "mode": "video"})
    assert "Please give a number of days from 7 to 31." in texts(errors.card)
    assert (await tandem_row(bot, tid))["mode"] is None
    await bot.fill(ANNA, cadence, {"days": "14", "minutes": "45", "mode": "video"})
    await bot.settle()
    ask = bot.inbox(BEN)[-1]
    assert ask.card is not None and ask.card["body"][0]["text"] == "Cadence proposal"
    assert "Anna Berg proposes to meet every 14 days for 45 minutes (video)" in texts(ask.card)
    [agreed] = await bot.click(BEN, ask, "kickoff.cadence_ok")
    assert "your tandem is now active" in agreed.text
    await bot.settle()
    for person in (ANNA, BEN):
        assert "Your tandem is active!" in bot.inbox(person)[-1].text
    assert (await tandem_row(bot, tid))["status"] == "active"
    assert "is active: every 14 days, 45 minutes (video)" in await bot.say(BEN, "status")

    # The coordinator sees it and can end it; both partners are told in their own chat.
    assert f"#{tid} Anna Berg (mentor) ↔ Ben Ochs (mentee): active" in await bot.reply_text(
        HANNA, "tandems")
    # `dissolve` asks first: what will happen, and a button per reason category.
    confirm = card_reply(await bot.answer(bot.message(HANNA, f"dissolve {tid}")))
    assert confirm.card is not None
    assert f"End tandem #{tid} (Anna Berg ↔ Ben Ochs)?" in texts(confirm.card)
    assert [a["title"] for a in submit_actions(confirm.card)][:2] == [
        "End: they did not meet", "End: not a good fit"]
    assert (await tandem_row(bot, tid))["status"] == "active"
    done = await bot.click(HANNA, confirm, "tandems.dissolve", 1)
    assert any(f"Tandem #{tid} (Anna Berg ↔ Ben Ochs) is dissolved (not a good fit)" in c.text
               for c in done), [c.body for c in done]
    await bot.settle()
    for person in (ANNA, BEN):
        told = bot.inbox(person)[-1].text
        assert "The program coordination has ended your tandem" in told
        assert "fit" not in told  # the reason stays with the coordinators
    row = await tandem_row(bot, tid)
    assert (row["status"], row["end_reason"]) == ("dissolved", "no_fit")
    again = await bot.click(HANNA, confirm, "tandems.dissolve", 0)
    assert any("already ended" in c.text and "(not a good fit)" in c.text for c in again)
    history = await bot.reply_text(HANNA, "tandems all")
    assert f"#{tid} Anna Berg (mentor) ↔ Ben Ochs (mentee): ended on" in history
    assert "not a good fit" in history


async def test_only_coordinators_match_list_and_dissolve(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    for line in ("match", "tandems", "dissolve 1"):
        assert REFUSED in await bot.say(ANNA, line)
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(BEN, **MENTEE)
    proposals = await match_card(bot)
    # A participant who gets hold of the buttons' data (or a forwarded card) is refused too.
    for action in ("match.approve_all", "match.approve", "match.reject"):
        [refusal] = await bot.click(ANNA, proposals, action)
        assert REFUSED in refusal.text
    assert await bot.count("tandems") == 0
    assert await bot.count("match_runs") == 1
    assert await bot.count("rejected_pairs") == 0
    assert await bot.count("proposed_pairs", "status = 'proposed'") == 1
    # Once a tandem exists, a participant still cannot dissolve it.
    [done] = await bot.click(HANNA, proposals, "match.approve_all")
    assert "Approved 1 tandem(s)" in done.text
    assert REFUSED in await bot.say(BEN, "dissolve 1")
    assert REFUSED in await bot.say(BEN, "tandems")
    assert await bot.count("tandems", "status = 'kickoff'") == 1


async def test_reject_proposes_again_and_old_buttons_go_stale(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(BEN, **MENTEE)
    proposals = await match_card(bot)
    calls = await bot.click(HANNA, proposals, "match.reject")
    assert "will not be proposed again" in calls[0].text
    again = card_reply(calls)
    assert again.card is not None and again.card["body"][0]["text"] == "Proposed tandems (0)"
    assert submit_actions(again.card) == []
    [stale] = await bot.click(HANNA, proposals, "match.approve_all")
    assert "out of date" in stale.text
    assert await bot.count("tandems") == 0


async def test_a_coordinator_who_never_talked_to_the_bot_is_unreachable(
        teams_bot: TeamsBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = teams_bot
    tid = await a_tandem(bot)
    with caplog.at_level(logging.INFO):
        reply = await bot.say(BEN, "change we never find a time")
        assert "went privately to the program coordinators" in reply
        await bot.settle()
        assert bot.inbox(HANNA) == []  # 4:00 in New York
        await in_new_york_morning(bot)

    assert "privately asks for a change" in only(bot.inbox(HANNA)).text
    assert bot.connector.sent(OLAF.conversation_id) == []
    # Olaf's copy is given up on at once, with the reason, and never retried.
    async with bot.runtime.store.session() as session:
        rows = (await session.execute(text(
            "SELECT person_key, failed_reason, attempts FROM outbox "
            "WHERE failed_reason IS NOT NULL"))).all()
    assert [(key, attempts) for key, _, attempts in rows] == [(OLAF.key, 1)]
    assert rows[0][1] == "unreachable:no_reference"  # a short code, never content
    report = await deliver(bot.runtime.store, bot.runtime.clock, bot.runtime.senders)
    assert report.sent == report.unreachable == report.retry_later == []
    unreachable = [r for r in caplog.records if r.getMessage() == "outbox unreachable"]
    assert [r.platform for r in unreachable] == ["teams"]
    assert [r.reason for r in caplog.records
            if r.getMessage() == "teams person unreachable"] == ["no_reference"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "we never find a time" not in json.dumps([vars(r) for r in caplog.records],
                                                    default=str)
    assert (await tandem_row(bot, tid))["status"] == "kickoff"


async def test_twenty_proposals_make_one_card_teams_shows_whole(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    topics = ["devex", "tools", "ai", "culture", "onboarding", "careers", "social"]
    for n in range(20):
        mine = ",".join(topics[n % 7: n % 7 + 2]) or "ai"
        await bot.signup(Person(f"aad-mentor-{n:02}", f"Mentorin Nummer {n:02} Beispiel"),
                         **MENTOR | {"topics": mine, "department": f"Team {n}"})
        await bot.signup(Person(f"aad-mentee-{n:02}", f"Führungskraft Nummer {n:02}"),
                         **MENTEE | {"topics": mine, "department": f"Bereich {n}"})
    proposals = await match_card(bot)
    card = proposals.card
    assert card is not None and card["body"][0]["text"] == "Proposed tandems (20)"
    actions = submit_actions(card)
    # Approve and reject for the first 15 (the flow's limit), then approve all ...
    assert len(actions) == 1 + 2 * 15
    assert "Buttons are shown for the first 15 proposals" in texts(card)
    for action in actions:
        assert set(action["data"]) == {"action_id", "value"} and action["data"]["value"]
    # ... laid out so that Teams shows every one: at most 6 per action set, a proposal's
    # approve and reject side by side.
    assert "actions" not in card
    rows = [e["actions"] for e in card["body"] if e["type"] == "ActionSet"]
    assert all(len(row) <= 6 for row in rows)
    assert [a["title"] for a in rows[-1]] == ["Approve all"]
    for row in rows[:-1]:
        assert [a["title"].split()[0] for a in row] == ["Approve", "Reject"]
        assert len({a["title"].split()[1] for a in row}) == 1
    # Teams refuses messages over 40 KB counted as UTF-16 (MessageSizeTooBig).
    size = len(json.dumps(proposals.body, ensure_ascii=False).encode("utf-16-le"))
    assert size < 40_000, size
    # Every button still works from the card: the first rejection is taken.
    calls = await bot.click(HANNA, proposals, "match.reject", 3)
    assert "will not be proposed again" in calls[0].text


async def test_a_name_typed_in_never_pair_with_keeps_the_two_apart(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    # HR's directory knows Ben by name; a typed name counts when it is unambiguous there.
    async with bot.runtime.store.unit() as repos:
        report = await import_people(repos, bot.runtime.program,
                                     f"platform_id,name\n{BEN.key},Ben Ochs\n", bot.clock.now())
        assert report.created == 1
    await bot.signup(ANNA, **MENTOR | {"never_match": "ben ochs, dana@example.com"})
    await bot.signup(BEN, **MENTEE)
    card = (await match_card(bot)).card
    assert card is not None and card["body"][0]["text"] == "Proposed tandems (0)"
    assert submit_actions(card) == []


async def test_a_card_goes_stale_when_the_pool_changes(teams_bot: TeamsBot) -> None:
    # Issue 8, item 4: Udo joins after the card was sent; the old card approves nothing.
    bot = teams_bot
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(BEN, **MENTEE)
    proposals = await match_card(bot)
    await bot.signup(UDO, **MENTEE | {"level": "apprentice"})
    for action in ("match.approve", "match.approve_all"):
        [stale] = await bot.click(HANNA, proposals, action)
        assert "out of date" in stale.text
    assert await bot.count("tandems") == 0
    assert bot.inbox(BEN) == [] and bot.inbox(UDO) == []
    fresh = await match_card(bot)
    [done] = await bot.click(HANNA, fresh, "match.approve_all")
    assert "Approved 1 tandem(s)" in done.text
