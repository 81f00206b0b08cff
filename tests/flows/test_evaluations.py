"""The mid-program check-in and the final evaluation: their days, who is asked (every member
of a pair, a circle, a peer tandem; not a tandem in kick-off, not someone on a break), once
however many ticks, and going on after the program only when everyone says yes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.config import load_program
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import FormSubmitted
from conversations.flows.evaluations import due_on, half_time
from conversations.program import Program
from storage.models import Enrollment, Person, Response, Tandem
from tests.flows.checkin_setup import active_tandem, actor, outbox, text_of, tick

END = date(2027, 7, 15)  # the example program: 15 January 2027, 6 months
MID = date(2027, 4, 15)


def months(program: Program, start: date, n: int) -> Program:
    return replace(program, start=start, months=n)


def test_half_time_and_end_of_the_example_program(program: Program) -> None:
    assert (program.start, program.months) == (date(2027, 1, 15), 6)
    assert (half_time(program), program.end) == (MID, END)


@pytest.mark.parametrize(("start", "n", "middle", "end"), [
    (date(2027, 1, 15), 3, date(2027, 3, 1), date(2027, 4, 15)),  # 1 month + 28 days / 2
    (date(2027, 1, 15), 5, date(2027, 3, 30), date(2027, 6, 15)),  # 2 months + 31 / 2
    (date(2027, 1, 31), 5, date(2027, 4, 15), date(2027, 6, 30)),  # from 31 March: 30 / 2
    (date(2027, 8, 31), 4, date(2027, 10, 31), date(2027, 12, 31)),
    (date(2027, 11, 30), 6, date(2028, 2, 29), date(2028, 5, 30)),  # a leap year's February
])
def test_half_time_of_odd_and_even_months(program: Program, start: date, n: int,
                                          middle: date, end: date) -> None:
    shaped = months(program, start, n)
    assert (half_time(shaped), shaped.end) == (middle, end)


def test_a_program_file_of_one_month(tmp_path: Path) -> None:
    path = tmp_path / "tandem.toml"
    path.write_text('[program]\nname = "Sprint"\nstart = 2027-01-15\nmonths = 1\n\n'
                    '[[topics]]\nid = "ai"\nen = "AI"\n', encoding="utf-8")
    one = load_program(path)
    assert (one.start, one.end, half_time(one)) == (
        date(2027, 1, 15), date(2027, 2, 15), date(2027, 1, 30))  # 31 days: 15 on
    assert due_on(one, date(2027, 1, 29)) is None
    assert due_on(one, date(2027, 1, 30)) == ("mid", date(2027, 1, 30))
    assert due_on(one, date(2027, 2, 14)) == ("mid", date(2027, 1, 30))
    assert due_on(one, date(2027, 2, 15)) == ("final", date(2027, 2, 15))


def test_the_windows(program: Program) -> None:
    assert due_on(program, MID - timedelta(days=1)) is None
    assert due_on(program, MID) == due_on(program, END - timedelta(days=1)) == ("mid", MID)
    assert due_on(program, END) == due_on(program, END + timedelta(days=13)) == ("final", END)
    assert due_on(program, END + timedelta(days=14)) is None  # a fortnight late: nobody


async def _asked(core: TandemCore) -> list[tuple[int, str, str]]:
    async with core.store.session() as s:
        rows = await s.execute(select(Response.tandem_id, Person.platform_user_id,
                                      Response.kind)
                               .join(Person, Person.id == Response.person_id)
                               .order_by(Response.tandem_id, Person.platform_user_id))
        return [(t, p, k) for t, p, k in rows.all()]


def _at_utc(clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)


async def _questions_queued(core: TandemCore, clock: FakeClock) -> list[str]:
    """A tick; the questionnaires it queued (check-ins and nudges run beside them)."""
    return [key for key in (await tick(core, clock)).queued if key.startswith("q:")]


async def test_half_time_is_the_day_in_the_program_s_zone_and_a_second_tick_asks_nobody(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    now = clock.now()
    pair = await active_tandem(core.store, core.program_id, now, ["ada", "erika"],
                               ["mentor", "mentee"])
    circle = await active_tandem(core.store, core.program_id, now,
                                 ["ben", "cem", "dora", "ceo"],
                                 ["mentor", "mentor", "mentor", "mentee"], format="group")
    peers = await active_tandem(core.store, core.program_id, now, ["pia", "udo"],
                                ["peer", "peer"], format="peer")
    kickoff = await active_tandem(core.store, core.program_id, now, ["kim", "lou"],
                                  ["mentor", "mentee"])
    async with core.store.unit() as repos:
        waiting = await repos.tandems.get(kickoff)
        assert waiting is not None
        waiting.status = "kickoff"
    # 23:30 in Berlin on 14 April (summer time, UTC+2): not yet; half an hour later it is.
    _at_utc(clock, datetime(2027, 4, 14, 21, 30, tzinfo=UTC))
    assert await _questions_queued(core, clock) == [] and await _asked(core) == []
    _at_utc(clock, datetime(2027, 4, 14, 22, 30, tzinfo=UTC))
    queued = await _questions_queued(core, clock)
    asked = await _asked(core)
    assert asked == [(pair, "ada", "mid"), (pair, "erika", "mid"),
                     (circle, "ben", "mid"), (circle, "cem", "mid"), (circle, "ceo", "mid"),
                     (circle, "dora", "mid"), (peers, "pia", "mid"), (peers, "udo", "mid")]
    sent = await outbox(core.store, "q")
    assert sorted(s.key for s in sent) == sorted(queued) and len(sent) == 8
    # Each queued for the person's working time: 9:00 in Berlin on Thursday 15 April.
    assert {s.not_before for s in sent} == {datetime(2027, 4, 15, 7, 0, tzinfo=UTC)}
    ada = next(s for s in sent if s.person == "console:ada")
    # The goal one by one: satisfaction, the one kick-off goal, what would help.
    assert "Mid-program check-in" in ada.text and "3 short questions" in ada.text
    assert "1 of 3." in ada.text and "How satisfied are you with your tandem so far?" in ada.text
    for later in (timedelta(hours=1), timedelta(days=3)):
        clock.advance(later)
        assert await _questions_queued(core, clock) == []
    assert await _asked(core) == asked and len(await outbox(core.store, "q")) == 8


async def test_someone_on_a_break_is_asked_when_it_ends(core: TandemCore,
                                                        clock: FakeClock) -> None:
    assert core.program_id is not None
    pair = await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                               ["mentor", "mentee"])
    async with core.store.unit() as repos:
        erika = await repos.people.by_key("console:erika")
        assert erika is not None
        await repos.session.execute(update(Enrollment).where(
            Enrollment.person_id == erika.id).values(
                status="paused", paused_until=MID + timedelta(days=2)))
    _at_utc(clock, datetime(2027, 4, 15, 6, tzinfo=UTC))
    await tick(core, clock)
    assert await _asked(core) == [(pair, "ada", "mid")]
    _at_utc(clock, datetime(2027, 4, 18, 6, tzinfo=UTC))  # the break ended on the 17th
    await tick(core, clock)
    assert await _asked(core) == [(pair, "ada", "mid"), (pair, "erika", "mid")]


async def test_the_final_asks_the_deliverable_only_of_a_project(core: TandemCore,
                                                               clock: FakeClock) -> None:
    assert core.program_id is not None
    now = clock.now()
    await active_tandem(core.store, core.program_id, now, ["ada", "erika"],
                        ["mentor", "mentee"], format="project",
                        deliverable="An AI tool evaluated", target_date=date(2027, 6, 1))
    await active_tandem(core.store, core.program_id, now, ["pia", "udo"], ["peer", "peer"],
                        format="peer")
    _at_utc(clock, datetime(2027, 7, 15, 6, tzinfo=UTC))
    await tick(core, clock)
    sent = {s.person: s.text for s in await outbox(core.store, "q")}
    # Satisfaction, the one goal, (the deliverable,) skills, relationship, go on, change.
    assert "Final evaluation" in sent["console:ada"] and "7 short questions" in sent["console:ada"]
    assert "7 short questions" in sent["console:erika"]
    assert "6 short questions" in sent["console:pia"] and "6 short questions" in sent["console:udo"]


async def _final_of(core: TandemCore, name: str) -> int:
    async with core.store.session() as s:
        rid = await s.scalar(select(Response.id).join(Person, Person.id == Response.person_id)
                             .where(Person.platform_user_id == name, Response.kind == "final"))
        assert rid is not None
        return rid


async def _answer_final(core: TandemCore, name: str, go_on: str) -> str:
    rid = await _final_of(core, name)
    outcome = await core.handle(FormSubmitted(actor(name), f"qform:{rid}", {
        "rating": "4", "goals:0": "met", "relationship": "yes", "continue": go_on}))
    assert outcome.outcome == "ok", outcome
    return text_of(outcome.replies)


async def _continued(core: TandemCore, tandem_id: int) -> datetime | None:
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tandem_id)
        assert tandem is not None
        return tandem.continued_at


@pytest.mark.parametrize("second", ["yes", "no"])
async def test_the_tandem_goes_on_only_when_everyone_says_yes(
        core: TandemCore, clock: FakeClock, second: str) -> None:
    assert core.program_id is not None
    circle = await active_tandem(core.store, core.program_id, clock.now(),
                                 ["ben", "cem", "ceo"], ["mentor", "mentor", "mentee"],
                                 format="group")
    _at_utc(clock, datetime(2027, 7, 15, 8, tzinfo=UTC))
    await tick(core, clock)
    assert "may continue" not in await _answer_final(core, "ben", "yes")
    assert "may continue" not in await _answer_final(core, "cem", second)
    said = await _answer_final(core, "ceo", "yes")
    told = [s for s in await outbox(core.store, "continued")]
    if second == "no":
        assert await _continued(core, circle) is None and told == []
        assert "may continue" not in said
        # Cem changes his mind in "Change my answers": now everyone said yes.
        said = await _answer_final(core, "cem", "yes")
        assert "Everyone in your circle wants to go on meeting" in said
        assert await _continued(core, circle) == clock.now()
        assert sorted(s.person for s in await outbox(core.store, "continued")) == [
            "console:ben", "console:ceo"]
        return
    assert await _continued(core, circle) == clock.now()
    assert "Everyone in your circle wants to go on meeting" in said
    assert sorted(s.person for s in told) == ["console:ben", "console:cem"]  # one each
    # Changing an answer afterwards in the form tells nobody again.
    await _answer_final(core, "ceo", "yes")
    assert len(await outbox(core.store, "continued")) == 2


async def test_the_check_in_skips_a_tandem_active_only_after_half_time(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    early = await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                                ["mentor", "mentee"])
    late = datetime(2027, 4, 16, 9, tzinfo=UTC)  # activated the day after half-time
    await active_tandem(core.store, core.program_id, late, ["pia", "udo"], ["peer", "peer"],
                        format="peer")
    _at_utc(clock, datetime(2027, 4, 20, 8, tzinfo=UTC))
    await tick(core, clock)
    assert await _asked(core) == [(early, "ada", "mid"), (early, "erika", "mid")]
    _at_utc(clock, datetime(2027, 7, 15, 8, tzinfo=UTC))  # the final asks both
    await tick(core, clock)
    assert [k for _t, _p, k in await _asked(core)].count("final") == 4
