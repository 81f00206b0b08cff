""""Did you meet?" in virtual time: check-ins on each tandem's own due day, snoozes, help,
withdrawal once a session is logged, planned-day reminders, quiet tandems, pauses, the end."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from conversations.aggregates import cadence
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import ButtonClicked
from conversations.flows.checkin_close import close_period
from conversations.program import Program
from conversations.replies import Form
from storage.db import Store
from storage.models import Enrollment, Tandem
from tests.flows.checkin_setup import (
    active_tandem,
    actor,
    checkins,
    click,
    day_at,
    outbox,
    say,
    tick,
)

START = date(2027, 1, 20)  # the clock fixture's day: the kick-off completes
DUE = date(2027, 2, 3)  # one cadence (14 days) on


@pytest.fixture
async def pair(core: TandemCore) -> int:
    assert core.program_id is not None
    return await active_tandem(core.store, core.program_id, core.clock.now(),
                               ["ada", "erika"], ["mentor", "mentee"])


async def test_the_check_in_comes_on_the_due_day_once_however_many_ticks(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE - timedelta(days=1))
    await tick(core, clock)
    assert await outbox(core.store, "checkin") == []  # not due yet
    day_at(clock, DUE, 6)
    for _ in range(3):
        await tick(core, clock)
        clock.advance(timedelta(hours=1))
    sent = await outbox(core.store, "checkin")
    assert sorted(s.key for s in sent) == [f"checkin:{pair}:console:ada:{DUE}",
                                           f"checkin:{pair}:console:erika:{DUE}"]
    ada = next(s for s in sent if s.person == "console:ada")
    assert "Did you meet?" in ada.text and "**Erika**" in ada.text.replace("\ue000", "").replace(
        "\ue001", "")
    assert "[Yes — log it]" in ada.text and "[Not yet — remind me in 3 days]" in ada.text
    assert ada.button("sessions.log") == f"{pair}:{DUE}"
    assert ada.button("checkin.snooze") == f"{pair}:{DUE}"
    assert ada.not_before is not None  # what the bot sends on its own has a delivery time
    assert len(await checkins(core.store)) == 2


async def test_yes_log_it_opens_the_form_dated_the_due_day(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    day_at(clock, DUE + timedelta(days=2))  # answered two days later: they met on the due day
    [ada] = [s for s in await outbox(core.store, "checkin") if s.person == "console:ada"]
    [form] = (await core.handle(ButtonClicked(actor("ada"), "sessions.log",
                                              ada.button("sessions.log")))).replies
    assert isinstance(form, Form) and form.form_id == f"log:{pair}"
    assert {f.id: f.initial for f in form.fields}["date"] == DUE.isoformat()
    assert form.open_value == f"{pair}:{DUE}"  # reopened (Slack's button): the same date
    # A due day still ahead (an old card's value, a clock behind): today instead.
    [form] = (await core.handle(ButtonClicked(actor("ada"), "sessions.log",
                                              f"{pair}:2027-03-01"))).replies
    assert isinstance(form, Form)
    assert {f.id: f.initial for f in form.fields}["date"] == "2027-02-05"
    # The snooze's reminder carries the due day too; the planned-day reminder is for today.
    await click(core, "erika", "checkin.snooze", f"{pair}:{DUE}")
    [snoozed] = await outbox(core.store, "snoozed")
    assert snoozed.button("sessions.log") == f"{pair}:{DUE}"


async def test_snooze_is_that_persons_only_and_once_per_period(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    value = f"{pair}:{DUE}"
    reply = await click(core, "erika", "checkin.snooze", value)
    assert "ask you again on" in reply
    snoozed = await outbox(core.store, "snoozed")
    assert [s.person for s in snoozed] == ["console:erika"]  # Ada is not reminded
    assert snoozed[0].not_before is not None
    assert snoozed[0].not_before >= clock.now() + timedelta(days=3)
    again = await click(core, "erika", "checkin.snooze", value)
    assert "only once per session" in again
    assert len(await outbox(core.store, "snoozed")) == 1
    rows = {r.person_id: r for r in await checkins(core.store)}
    assert sorted(r.answer or "" for r in rows.values()) == ["", "snoozed"]
    # Someone outside the tandem cannot snooze it.
    assert "no longer open" in await click(core, "mallory", "checkin.snooze", value)


async def test_help_reaches_the_coordinators_only_and_the_note_is_kept_nowhere_else(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    before = {s.key for s in await outbox(core.store)}
    asked = await click(core, "erika", "checkin.help", f"{pair}:{DUE}")
    assert "only the coordinators will see it" in asked
    done = await say(core, "erika", "We never find a slot *at all*")
    assert "went privately to the program coordinators" in done
    new = [s for s in await outbox(core.store) if s.key not in before]
    assert sorted(s.person for s in new) == sorted(core.program.coordinators)
    assert all("We never find a slot *at all*" in s.text.replace("\ue000", "").replace(
        "\ue001", "") for s in new)
    assert all(s.body["buttons"][0]["action_id"] == "tandems.end" for s in new)
    # The partner got nothing, and the next DM is a command again.
    assert not [s for s in new if s.person == "console:ada"]
    assert "Tandem" in await say(core, "erika", "help")
    rows = await checkins(core.store)
    assert sorted(r.answer or "" for r in rows) == ["", "help"]


async def test_help_without_a_note_by_its_button(core: TandemCore, clock: FakeClock,
                                                 pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    await click(core, "ada", "checkin.help", f"{pair}:{DUE}")
    reply = await click(core, "ada", "checkin.help_send", f"{pair}:{DUE}")
    assert "Erika" in reply and "has not been told" in reply
    helped = await outbox(core.store, "checkin-help")
    assert sorted(s.person for s in helped) == sorted(core.program.coordinators)
    assert all(">" not in s.text.split("\n")[1] for s in helped)


async def test_logging_a_session_withdraws_pending_check_ins(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    await click(core, "erika", "checkin.snooze", f"{pair}:{DUE}")
    await click(core, "ada", "checkin.help", f"{pair}:{DUE}")
    await click(core, "ada", "checkin.help_send", f"{pair}:{DUE}")
    assert len(await outbox(core.store, "checkin")) == 2
    async with core.store.unit() as repos:  # what the sessions flow does when one is logged
        tandem = await repos.tandems.get(pair)
        assert tandem is not None
        cadence.session_held(tandem, DUE)
        await close_period(repos, tandem, clock.now())
    assert await outbox(core.store, "checkin") == []
    assert await outbox(core.store, "snoozed") == []
    rows = await checkins(core.store)
    assert all(r.closed_at is not None for r in rows)
    # They met: Erika's "not yet" is answered "met" (her snooze stays recorded), Ada's request
    # for help stays one (the quiet-tandem message counts it).
    assert sorted((r.answer, r.snoozed_until is not None) for r in rows) == [
        ("help", False), ("met", True)]
    reply = await click(core, "erika", "checkin.snooze", f"{pair}:{DUE}")
    assert "already closed" in reply
    # The next check-in is one cadence after the session.
    day_at(clock, DUE + timedelta(days=13))
    await tick(core, clock)
    assert await outbox(core.store, "checkin") == []
    day_at(clock, DUE + timedelta(days=14))
    await tick(core, clock)
    assert len(await outbox(core.store, "checkin")) == 2


async def test_a_planned_day_brings_a_reminder_instead_of_a_check_in(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    planned = date(2027, 1, 28)
    async with core.store.unit() as repos:
        tandem = await repos.tandems.get(pair)
        assert tandem is not None
        cadence.session_held(tandem, START, planned_on=planned)
    day_at(clock, planned, 6)
    await tick(core, clock)
    await tick(core, clock)
    reminders = await outbox(core.store, "reminder")
    assert sorted(s.person for s in reminders) == ["console:ada", "console:erika"]
    assert "You planned a session with" in reminders[0].text
    assert await outbox(core.store, "checkin") == []
    # Not logged: the day after the plan, the check-in asks.
    day_at(clock, planned + timedelta(days=1))
    await tick(core, clock)
    assert len(await outbox(core.store, "checkin")) == 2


async def test_a_quiet_tandem_reaches_the_coordinators_once_per_quiet_period(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    await say(core, "hr", "help")  # the coordinator's language is known: English
    day_at(clock, DUE)
    await tick(core, clock)
    await click(core, "erika", "checkin.snooze", f"{pair}:{DUE}")
    assert await outbox(core.store, "quiet") == []  # one missed cadence is not quiet yet
    second = DUE + timedelta(days=14)
    day_at(clock, second)
    for _ in range(3):
        await tick(core, clock)
    quiet = await outbox(core.store, "quiet")
    assert sorted(s.person for s in quiet) == sorted(core.program.coordinators)
    value = quiet[0].button("checkin.nudge")
    hr = next(s for s in quiet if s.person == "console:hr")  # English: hr said so
    text = hr.text
    assert "28 days" in text  # since the kick-off on 20 January
    assert "check-ins 4" in text and "snoozes 1" in text  # two periods, two members
    assert "[Nudge both again]" in text and "[Dissolve…]" in text
    assert hr.button("tandems.end") == str(pair)
    # A coordinator the bot does not know yet reads the program's language (German here).
    slack = next(s for s in quiet if s.person == "slack:UCOORD")
    assert "seit 28 Tagen" in slack.text and "aufgeschoben 1" in slack.text
    # A second cadence's check-ins went out too, each once.
    assert len(await outbox(core.store, "checkin")) == 4
    # Still quiet a cadence later: no second message for the same quiet period.
    day_at(clock, second + timedelta(days=14))
    await tick(core, clock)
    assert len(await outbox(core.store, "quiet")) == len(core.program.coordinators)
    listed = await say(core, "hr", "tandems quiet")
    assert f"#{pair}" in listed and "42 days since the last session" in listed
    # Nudge both again: a fresh check-in to each, once.
    assert "got a new check-in" in await click(core, "hr", "checkin.nudge", value)
    assert sorted(s.person for s in await outbox(core.store, "nudge")) == [
        "console:ada", "console:erika"]
    assert "already nudged" in await click(core, "hr", "checkin.nudge", value)
    assert "only the program's coordinators" in await click(core, "ada", "checkin.nudge", value)
    assert len(await outbox(core.store, "nudge")) == 2


async def _due_on(core: TandemCore, tandem_id: int) -> date | None:
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tandem_id)
        assert tandem is not None
        return tandem.due_on


async def test_a_paused_member_gets_nothing_and_the_due_day_moves_by_the_break(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, START + timedelta(days=5))  # 25 January
    assert "break" in await say(core, "erika", "pause 2027-02-10", command=True)
    day_at(clock, DUE)
    await tick(core, clock)
    assert await outbox(core.store, "checkin") == []
    assert await _due_on(core, pair) == DUE  # it moves when the break ends, by its length
    # Long after the old quiet point, while paused: no escalation either.
    for day in (date(2027, 2, 9), date(2027, 2, 10)):
        day_at(clock, day)
        await tick(core, clock)
    assert [s.key.split(":")[0] for s in await outbox(core.store)] == ["pause-ended"]
    # The break ended on the 10th after 16 days (25 January to 10 February): due 16 days on.
    assert await _due_on(core, pair) == DUE + timedelta(days=16)
    day_at(clock, DUE + timedelta(days=15))
    await tick(core, clock)
    assert await outbox(core.store, "checkin") == []
    day_at(clock, DUE + timedelta(days=16))
    await tick(core, clock)
    assert sorted(s.key for s in await outbox(core.store, "checkin")) == [
        f"checkin:{pair}:console:ada:2027-02-19", f"checkin:{pair}:console:erika:2027-02-19"]


async def test_back_early_the_due_day_moves_by_the_days_actually_away(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, date(2027, 1, 29))
    assert "break" in await say(core, "erika", "pause 2027-03-31", command=True)
    assert "break" in await say(core, "erika", "pause 2027-03-15", command=True)  # moved
    day_at(clock, DUE + timedelta(days=20))  # long past the old quiet point
    await tick(core, clock)
    assert await outbox(core.store) == []
    day_at(clock, date(2027, 2, 8))  # a typed `resume` after 10 days away
    assert "Welcome back" in await say(core, "erika", "resume", command=True)
    assert await _due_on(core, pair) == DUE + timedelta(days=10)
    assert "nothing to resume" in await say(core, "erika", "resume", command=True)
    assert await _due_on(core, pair) == DUE + timedelta(days=10)  # once
    day_at(clock, DUE + timedelta(days=10))
    await tick(core, clock)
    assert len(await outbox(core.store, "checkin")) == 2
    async with core.store.session() as s:
        erika = (await s.scalars(select(Enrollment).where(
            Enrollment.status == "active", Enrollment.paused_from.is_(None)))).all()
    assert len(erika) == 2  # both active, no break start left behind


async def test_overlapping_breaks_in_a_circle_move_its_due_day_by_the_days_anyone_was_away(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    circle = await active_tandem(core.store, core.program_id, clock.now(),
                                 ["ada", "erika", "sam"], ["mentor", "mentee", "mentee"],
                                 format="group")
    day_at(clock, date(2027, 1, 25))
    assert "break" in await say(core, "erika", "pause 2027-02-05", command=True)
    day_at(clock, date(2027, 1, 30))
    assert "break" in await say(core, "sam", "pause 2027-02-15", command=True)
    for day in (date(2027, 2, 5), DUE + timedelta(days=7), date(2027, 2, 15)):
        day_at(clock, day)
        await tick(core, clock)
    # 25 January to 15 February: 21 days on a break, counted once.
    assert await _due_on(core, circle) == DUE + timedelta(days=21)
    assert await outbox(core.store, "checkin") == [] and await outbox(core.store, "quiet") == []


async def test_status_shows_the_next_session_and_where_a_break_moves_it(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    assert "Next session due: February 3, 2027" in await say(core, "ada", "status")
    day_at(clock, date(2027, 1, 25))
    await say(core, "erika", "pause 2027-02-04", command=True)
    # 10 days away, if the break ends as planned: due ten days later.
    assert ("Next session due: February 13, 2027, after the break"
            in await say(core, "ada", "status"))


async def test_nothing_after_the_programs_end(core: TandemCore, clock: FakeClock,
                                              pair: int) -> None:
    end = core.program.end
    async with core.store.unit() as repos:
        tandem = await repos.tandems.get(pair)
        assert tandem is not None
        cadence.session_held(tandem, end - timedelta(days=7))  # due a week after the end
    day_at(clock, end + timedelta(days=7))
    await tick(core, clock)
    day_at(clock, end + timedelta(days=40))
    await tick(core, clock)
    assert await outbox(core.store, "checkin") == []
    assert await outbox(core.store, "quiet") == []


async def test_tips_rotate_by_role_and_the_month_names_its_theme(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE)
    await tick(core, clock)
    first = {s.person: s.text for s in await outbox(core.store, "checkin")}
    # The run started on 15 January: 3 February is its first month, 17 February its second.
    assert "This month's theme: **Developer experience**" in first["console:ada"]
    assert "Prepare one topic" not in first["console:ada"]  # the second turn's tip
    assert "Show rather than tell" in first["console:ada"]
    assert "Listen without getting defensive" in first["console:erika"]
    day_at(clock, DUE + timedelta(days=14))
    await tick(core, clock)
    second = {s.person: s.text for s in await outbox(core.store, "checkin")
              if s.key.endswith("2027-02-17")}
    assert "This month's theme: **New tools**" in second["console:ada"]
    assert "Ask questions instead of lecturing" in second["console:ada"]
    assert "Take notes" in second["console:erika"]


async def test_tips_switched_off(store: Store, program: Program, clock: FakeClock) -> None:
    core = TandemCore(store, replace(program, tips=False, agenda=()), clock)
    await core.start()
    assert core.program_id is not None
    await active_tandem(store, core.program_id, clock.now(), ["ada", "erika"],
                        ["mentor", "mentee"])
    day_at(clock, DUE)
    await tick(core, clock)
    texts = [s.text for s in await outbox(store, "checkin")]
    assert len(texts) == 2 and not any("Tip:" in x or "theme" in x for x in texts)


async def test_peers_get_both_halves_and_a_project_is_asked_about_its_deliverable(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    now = clock.now()
    peers = await active_tandem(core.store, core.program_id, now, ["pia", "paul"],
                                ["peer", "peer"], format="peer")
    project = await active_tandem(core.store, core.program_id, now, ["jo", "vera"],
                                  ["mentor", "mentee"], format="project",
                                  deliverable="Evaluate one AI tool",
                                  target_date=date(2027, 3, 1))
    day_at(clock, DUE)
    await tick(core, clock)
    sent = {s.person: s.text for s in await outbox(core.store, "checkin")}
    assert "When you teach:" in sent["console:pia"] and "When you learn:" in sent["console:pia"]
    assert "Evaluate one AI tool" in sent["console:jo"]
    assert {f"checkin:{peers}:console:pia:{DUE}",
            f"checkin:{project}:console:jo:{DUE}"} <= {s.key for s in await outbox(core.store)}
    day_at(clock, date(2027, 2, 22))  # a week before the target date
    await tick(core, clock)
    await tick(core, clock)
    targets = await outbox(core.store, "target")
    assert sorted(s.person for s in targets) == ["console:jo", "console:vera"]
    assert "One week to your target date" in targets[0].text


async def _statements_of_one_tick(store: Store, program: Program, many: int) -> int:
    """A program of its own with `many` tandems due at once: the statements of one tick."""
    program = replace(program, name=f"{program.name} ({many})")
    clock = FakeClock(datetime(2027, 1, 20, 9, tzinfo=UTC))
    core = TandemCore(store, program, clock)
    await core.start()
    assert core.program_id is not None
    for i in range(many):
        await active_tandem(store, core.program_id, clock.now(), [f"m{many}-{i}", f"e{many}-{i}"],
                            ["mentor", "mentee"])
    day_at(clock, DUE + timedelta(days=14))  # check-ins and escalations for every tandem
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(store.engine.sync_engine, "before_cursor_execute", count)
    try:
        report = await tick(core, clock)
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", count)
    # Every tandem really got its check-ins and its escalation in that tick.
    assert len([k for k in report.queued if k.startswith("checkin:")]) == 2 * many
    assert len([k for k in report.queued if k.startswith("quiet:")]) == (
        many * len(program.coordinators))
    return len(statements)


async def test_a_ticks_statements_do_not_grow_with_the_number_of_tandems(
        any_store: Store, program: Program) -> None:
    ten = await _statements_of_one_tick(any_store, program, 10)
    hundred = await _statements_of_one_tick(any_store, program, 100)
    assert ten == hundred, (ten, hundred)
    assert ten < 30, ten  # a handful per kind of work, not one per tandem


@pytest.mark.parametrize(("german", "asked", "tip"), [
    ("sie", "Haben Sie sich getroffen?", "Hören Sie zu, ohne sich zu rechtfertigen"),
    ("du", "Habt ihr euch getroffen?", "Hör zu, ohne dich zu rechtfertigen"),
])
async def test_the_check_in_speaks_german_in_the_programs_form_of_address(
        store: Store, program: Program, clock: FakeClock, german: str, asked: str,
        tip: str) -> None:
    core = TandemCore(store, replace(program, german=german), clock)
    await core.start()
    assert core.program_id is not None
    await active_tandem(store, core.program_id, clock.now(), ["ada", "erika"],
                        ["mentor", "mentee"])
    async with store.unit() as repos:
        erika = await repos.people.by_key("console:erika")
        assert erika is not None
        erika.locale = "de"
    day_at(clock, DUE)
    await tick(core, clock)
    [sent] = [s for s in await outbox(store, "checkin") if s.person == "console:erika"]
    assert asked in sent.text and tip in sent.text
    assert "Das Thema dieses Monats: **Developer Experience**" in sent.text
    assert "[Noch nicht – in 3 Tagen erinnern]" in sent.text


async def test_a_dry_run_lists_the_check_ins_and_changes_nothing(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    assert core.program_id is not None
    day_at(clock, DUE)
    report = await run_due_work(core.store, core.program, core.program_id, clock, dry_run=True)
    assert sorted(report.would_queue) == [
        (f"checkin:{pair}:console:ada:{DUE}", "console:ada"),
        (f"checkin:{pair}:console:erika:{DUE}", "console:erika")]
    assert await outbox(core.store, "checkin") == [] and await checkins(core.store) == []
    await tick(core, clock)
    again = await run_due_work(core.store, core.program, core.program_id, clock, dry_run=True)
    assert again.would_queue == []


async def test_a_coordinators_nudge_waits_for_a_break_to_end(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE + timedelta(days=14))
    await tick(core, clock)
    [quiet, *_] = await outbox(core.store, "quiet")
    assert "break" in await say(core, "erika", "pause 2027-03-31", command=True)
    assert "on a break" in await click(core, "hr", "checkin.nudge", quiet.button("checkin.nudge"))
    assert await outbox(core.store, "nudge") == []


async def test_a_break_withdraws_what_still_waits_for_the_tandem(
        core: TandemCore, clock: FakeClock, pair: int) -> None:
    day_at(clock, DUE + timedelta(days=14))
    await tick(core, clock)  # check-ins to both, and the coordinators' quiet-tandem message
    await click(core, "erika", "checkin.snooze", f"{pair}:{DUE + timedelta(days=14)}")
    async with core.store.unit() as repos:  # nothing sent yet: pretend Ada's went out
        [ada] = [m for m in await repos.outbox.pending() if m.person_key == "console:ada"]
        await repos.outbox.mark_sent(ada.id, clock.now())
    assert {s.key.split(":")[0] for s in await outbox(core.store)} == {
        "checkin", "snoozed", "quiet"}
    assert "break" in await say(core, "erika", "pause 2027-03-01", command=True)
    # Hers, and what still waited for the others about this tandem: it is on a break.
    left = await outbox(core.store)
    assert [s.key for s in left] == [f"checkin:{pair}:console:ada:{DUE + timedelta(days=14)}"]
