"""The example program in virtual time, from kick-off to its end, in the console.

Four tandems of the example cohort (tests/flows/test_matching_kickoff.py), cadence 14 days,
program 15 January – 15 July 2027, Easter Monday (29 March) a holiday:
- the CEO's tandem meets regularly: a session logged every 14 days, before it is due, so it
  is never asked "Did you meet?";
- the CTO's tandem snoozes its first check-in, logs when the snooze reminder comes, and from
  then on logs the day each check-in arrives;
- the HR lead's tandem goes quiet: asked every cadence, never logs, escalated once;
- in the sales VP's tandem a partner takes a break to 28 March: its due day moves to the 29th,
  a holiday, so the check-in waits for the 30th.
The quiet tandem's mentor works in America/New_York (the zone her platform gives).
Clocks change inside the run in the US on 14 March and in Europe on 28 March; the autumn
changes (31 October, 7 November) fall after the program's end on 15 July, which the example
program fixes (start 2027-01-15, months 6), so they are not part of this run: a second test
runs the same cohort for one month from 15 October across both.

Each tick runs the due work and delivers the outbox to a recording console-like sender;
ticks run hourly around the working mornings and less often otherwise (see `ticks_from`):
every hour of six months took about 60 s, these 1,354 ticks about 16 s. The test asserts,
per person, each message's kind and the local time it arrived.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.outbox import deliver
from conversations.program import Program
from conversations.replies import Card, FormAccepted, Reply, Text, Update
from conversations.working_time import is_working_moment, working_time_of
from storage.db import Store
from storage.models import OutboxMessage, Person, Response, Tandem, TandemMember
from tests.flows.test_matching_kickoff import JUNIORS, LEADERS

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"
EASTER_MONDAY = date(2027, 3, 29)
KICKOFF = datetime(2027, 1, 15, 15, 0, tzinfo=UTC)  # a Friday, 16:00 in Berlin, 10:00 in NY
NY_PERSON = "cem"  # the quiet tandem's mentor (see the matching below)


class Season:
    """The cohort at the console: people act through the core, the outbox goes to a recorder."""

    def __init__(self, core: TandemCore, clock: FakeClock) -> None:
        self.core, self.clock = core, clock
        self.zones: dict[str, str] = {NY_PERSON: NEW_YORK}
        # (name, kind, dedupe key, UTC moment) of each message as it reached the recorder
        self.arrived: list[tuple[str, str, str, datetime]] = []
        self.bodies: dict[str, list[Text | Card]] = {}
        self.recorded: set[int] = set()  # outbox ids already seen sent

    def actor(self, name: str) -> Actor:
        return Actor("console", name, display_name=name.title(), locale="en",
                     timezone=self.zones.get(name))

    async def send(self, name: str, event: Any) -> list[Reply]:
        if isinstance(event, str):
            event = CommandInvoked(self.actor(name), event)
        outcome = await self.core.handle(event)
        assert outcome.outcome == "ok", outcome
        return outcome.replies

    async def click(self, name: str, action: str, value: str) -> list[Reply]:
        return await self.send(name, ButtonClicked(self.actor(name), action, value))

    async def submit(self, name: str, form_id: str, values: dict[str, Any]) -> list[Reply]:
        return await self.send(name, FormSubmitted(self.actor(name), form_id, values))

    async def deliver(self) -> None:
        got: list[tuple[str, Text | Card]] = []

        class Recorder:
            groups = False  # like the console: a group message goes to each person

            async def send(self, key: str, reference: object, body: Text | Card) -> None:
                got.append((key.split(":", 1)[1], body))

        await deliver(self.core.store, self.clock, {"console": Recorder()})
        if not got:
            return
        now = self.clock.now()
        async with self.core.store.session() as s:
            sent = list(await s.scalars(select(OutboxMessage).where(OutboxMessage.sent_at == now)
                                        .order_by(OutboxMessage.id)))
        expected: list[tuple[str, str, str]] = []
        for m in sent:
            if m.id in self.recorded:
                continue
            self.recorded.add(m.id)
            if not m.group_keys:  # a group's message is split into one per person, sent so
                expected.append((m.person_key.split(":", 1)[1], m.kind, m.dedupe_key))
        assert sorted(n for n, _, _ in expected) == sorted(n for n, _ in got), (expected, got)
        for name, kind, key in expected:
            self.arrived.append((name, kind, key, now))
        for name, body in got:
            self.bodies.setdefault(name, []).append(body)

    async def tick(self) -> None:
        assert self.core.program_id is not None
        await run_due_work(self.core.store, self.core.program, self.core.program_id, self.clock)
        await self.deliver()

    def local(self, name: str, moment: datetime) -> datetime:
        zone = ZoneInfo(self.zones.get(name, BERLIN))
        return moment.astimezone(zone).replace(tzinfo=None)


@pytest.fixture
def season_program(program: Program) -> Program:
    return replace(program, coordinators=frozenset({"console:hr"}),
                   holidays=frozenset({EASTER_MONDAY}))


@pytest.fixture
async def season(store: Store, season_program: Program) -> Season:
    clock = FakeClock(KICKOFF)
    core = TandemCore(store, season_program, clock)
    await core.start()
    return Season(core, clock)


async def kick_off(s: Season) -> dict[str, tuple[int, str]]:
    """Sign-up, matching, approval and every kick-off step on 15 January: mentee → (tandem
    id, mentor)."""
    for names, role in ((LEADERS, "mentee"), (JUNIORS, "mentor")):
        for name, (level, dept, topics, manager) in names.items():
            await s.submit(name, "signup", {
                "role": role, "topics": topics, "department": dept,
                "manager": manager or "", "languages": ["de", "en"],
                "timezone": s.zones.get(name, BERLIN), "level": level, "consent": ["yes"]})
    [card] = await s.send("hr", "match")
    assert isinstance(card, Card)
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await s.click("hr", "match.approve_all", run)
    pairs: dict[str, tuple[int, str]] = {}
    async with s.core.store.session() as db:
        by_id = {p.id: p.platform_user_id for p in await db.scalars(select(Person))}
        for tandem in await db.scalars(select(Tandem)):
            members = list(await db.scalars(select(TandemMember)
                                            .where(TandemMember.tandem_id == tandem.id)))
            by_role = {m.role: by_id[m.person_id] for m in members}
            pairs[by_role["mentee"]] = (tandem.id, by_role["mentor"])
    for mentee, (tid, mentor) in pairs.items():
        await s.click(mentor, "kickoff.rules", str(tid))
        await s.click(mentee, "kickoff.rules", str(tid))
        await s.submit(mentee, f"goals:{tid}", {"goal1": "Use AI assistants daily"})
        await s.submit(mentor, f"cadence:{tid}", {"days": "14", "minutes": "60",
                                                   "mode": "video"})
        await s.click(mentee, "kickoff.cadence_ok", str(tid))
    await s.deliver()
    return pairs


def text(replies: Sequence[Reply]) -> str:
    bodies = [r.body if isinstance(r, Update) else r for r in replies]
    return "\n".join(r.markdown if isinstance(r, Text) else
                     "\n".join((r.title, *r.sections)) if isinstance(r, Card) else ""
                     for r in bodies)


async def log(s: Season, name: str, tid: int, day: date, planned: date | None = None) -> None:
    """`name` logs a session held on `day` through the log form."""
    replies = await s.submit(name, f"log:{tid}", {
        "date": day.isoformat(), "minutes": "60", "about": "goal1",
        "next": planned.isoformat() if planned else ""})
    assert isinstance(replies[0], FormAccepted), replies


async def due_on(s: Season, tid: int) -> date | None:
    async with s.core.store.session() as db:
        tandem = await db.get(Tandem, tid)
        assert tandem is not None
        return tandem.due_on


TICK_HOURS = frozenset({6, 7, 8, 9, 12, 13, 14, 15})  # UTC, on weekdays


def ticks_from(start: datetime, stop: datetime) -> list[datetime]:
    """The moments of virtual time that tick: every hour from 6 to 9 and 12 to 15 UTC on
    weekdays, the hour before and the hours around 9:00 in Berlin (8:00 UTC in winter, 7:00
    in summer) and in New York (14:00 / 13:00 UTC); midnight every day and noon on weekends.
    Hourly ticks elsewhere find nothing to send (no one's working time begins then) and
    would only double the run's time; a message that arrives at the first tick of a working
    morning shows it waited for exactly that hour."""
    moments, moment = [], start
    while moment < stop:
        if (moment.weekday() < 5 and moment.hour in TICK_HOURS) or moment.hour == 0 or (
                moment.weekday() >= 5 and moment.hour == 12):
            moments.append(moment)
        moment += timedelta(hours=1)
    return moments


async def test_six_months_of_the_example_program(season: Season) -> None:
    s = season
    began = time.perf_counter()
    pairs = await kick_off(s)
    regular, snoozer, quiet, pauser = (pairs[m][0] for m in ("ceo", "cto", "hrlead", "salesvp"))
    assert pairs["hrlead"][1] == NY_PERSON
    end = s.core.program.end
    first = datetime(2027, 1, 16, tzinfo=UTC)
    stop = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=14)
    plan = ticks_from(first, stop)
    regular_days = {date(2027, 1, 26) + timedelta(days=14 * n) for n in range(13)}
    seen = 0
    for moment in plan:
        s.clock.set(moment)
        await s.tick()
        today = moment.astimezone(ZoneInfo(BERLIN)).date()
        acted = False
        if moment.hour == 13 and today in regular_days:  # the regular tandem meets and plans
            following = today + timedelta(days=14)
            await log(s, "ben", regular, today, following if following <= end else None)
            acted = True
        if today == date(2027, 2, 25) and moment.hour == 9:
            assert "break" in text(await s.send("salesvp", "pause 2027-03-28"))
        if today == date(2027, 2, 26) and moment.hour == 9:  # the due day came in the break:
            assert await due_on(s, pauser) == date(2027, 2, 26)  # no check-in; it moves ...
        if today == date(2027, 3, 29) and moment.hour == 6:  # ... by the break's 31 days
            assert await due_on(s, pauser) == date(2027, 3, 29)
        new, seen = s.arrived[seen:], len(s.arrived)
        for name, kind, key, _ in new:
            if key == f"checkin:{snoozer}:console:cto:2027-01-29":  # the snoozer's first
                assert "ask you again" in text(await s.click(
                    "cto", "checkin.snooze", f"{snoozer}:2027-01-29"))
                acted = True
            elif kind == "snoozed" and name == "cto":  # reminded: they meet and log it
                await log(s, "cto", snoozer, today)
                acted = True
            elif kind == "checkin" and name == "dora" and not key.endswith("2027-01-29"):
                await log(s, "dora", snoozer, today)  # from then on: asked, then logged
                acted = True
            elif kind == "checkin" and name == "ana":
                await log(s, "ana", pauser, today)
                acted = True
        if acted:
            await s.deliver()  # what the actions sent, at once
        seen = len(s.arrived)
    seconds = time.perf_counter() - began
    print(f"{len(plan)} ticks, {seconds:.1f} s")
    program = s.core.program

    # Never twice, never outside the recipient's working time, never after the end — but
    # the final evaluation's one reminder, three days after it.
    keys = [key for _, _, key, _ in s.arrived]
    assert len(keys) == len(set(keys)), Counter(keys).most_common(3)
    async with s.core.store.session() as db:
        people = {p.platform_user_id: p for p in await db.scalars(select(Person))}
        finals = {f"qremind:{i}" for i in await db.scalars(
            select(Response.id).where(Response.kind == "final"))}
    for name, _, key, moment in s.arrived:
        local = s.local(name, moment)
        assert is_working_moment(moment, working_time_of(people[name], program)), (key, local)
        assert local.date() not in program.holidays, (key, local)
        assert local.date() <= end or key.partition(">")[0] in finals, (key, local)
    assert sum(map(len, s.bodies.values())) == len(s.arrived)

    # Exactly these, per person: (local time of arrival, kind).
    def at(day: date, hour: int = 9) -> str:
        return f"{day} {hour:02}:00"

    kickoff_mentee = [(at(date(2027, 1, 15), 16), k) for k in ("active", "cadence", "intro")]
    kickoff_mentor = [(at(date(2027, 1, 15), 16), k) for k in ("active", "goals", "intro")]
    every_14 = [date(2027, 1, 29) + timedelta(days=14 * n) for n in range(12)]  # to 2 July
    after_easter = [date(2027, 3, 30)] + [date(2027, 4, 13) + timedelta(days=14 * n)
                                          for n in range(7)]  # to 6 July
    planned = sorted(regular_days - {date(2027, 1, 26)})  # 9 February … 13 July

    def summer(day: date) -> bool:
        return day > date(2027, 3, 28)

    expected = {
        # The regular tandem: a reminder on each planned day, never "Did you meet?".
        "ben": kickoff_mentor + [(at(d), "reminder") for d in planned],
        "ceo": kickoff_mentee + [(at(date(2027, 1, 26), 14), "session")] + [
            x for d in planned
            for x in ((at(d), "reminder"), (at(d, 15 if summer(d) else 14), "session"))],
        # The snoozer: snoozed on 29 January, reminded on Monday 1 February (a weekend
        # between), logged then; from then on asked every cadence and logged the same
        # morning. The check-in due on Easter Monday comes on Tuesday.
        "cto": kickoff_mentee + [(at(date(2027, 1, 29)), "checkin"),
                                 (at(date(2027, 2, 1)), "snoozed")] + [
            x for d in [date(2027, 2, 15), date(2027, 3, 1), date(2027, 3, 15), *after_easter]
            for x in ((at(d), "checkin"), (at(d), "session"))],
        "dora": kickoff_mentor + [(at(date(2027, 1, 29)), "checkin"),
                                  (at(date(2027, 2, 1)), "session")] + [
            (at(d), "checkin")
            for d in [date(2027, 2, 15), date(2027, 3, 1), date(2027, 3, 15), *after_easter]],
        # The quiet tandem: asked every cadence to the end, the coordinators told once; the
        # mentor in New York always at 9:00 in New York, before and after 14 March.
        "hrlead": kickoff_mentee + [(at(d), "checkin") for d in every_14],
        NY_PERSON: [(at(date(2027, 1, 15), 10), k) for k in ("active", "goals", "intro")]
                   + [(at(d), "checkin") for d in every_14],
        # The coordinator: the quiet tandem once, and each month's report (its card, chart
        # and CSV) on the month's first working day, for the month just ended.
        "hr": [(at(date(2027, 2, 12)), "quiet")] + [
            (at(d), "report") for d in [date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 1),
                                         date(2027, 5, 3), date(2027, 6, 1), date(2027, 7, 1)]
            for _ in range(3)],
        # The pause: nothing to either partner during Sales VP's break (25 February to
        # 28 March, 31 days); the due day (26 February) moved by it to 29 March, Easter
        # Monday, so the welcome back and the check-ins wait for Tuesday.
        "ana": kickoff_mentor + [(at(d), "checkin")
                                 for d in [date(2027, 1, 29), date(2027, 2, 12), *after_easter]],
        "salesvp": kickoff_mentee + [(at(date(2027, 3, 30)), "pause-ended")] + [
            x for d in [date(2027, 1, 29), date(2027, 2, 12), *after_easter]
            for x in ((at(d), "checkin"), (at(d), "session"))],
    }
    # Each logged session (the partner's "session" notice) brings both members its retro,
    # at once: the logger is acting, the notice's time is the partner's working time.
    for pair in (("ben", "ceo"), ("cto", "dora"), ("ana", "salesvp")):
        logged = [when for name in pair for when, kind in expected[name] if kind == "session"]
        for name in pair:
            expected[name] = expected[name] + [(when, "q") for when in logged]
            # Nobody here answers a retro, so each brings its one reminder ("qremind"),
            # three days after its question arrived; none for the retros whose three days
            # end after the program's end.
            expected[name] += [(r, "qremind") for when in logged
                               if (r := retro_reminder(when, program)) is not None]
            # The first one's pairing fit, and its reminder as unanswered as the retros.
            expected[name] += [(min(logged), "q"), (retro_reminder(min(logged), program),
                                                    "qremind")]
    # Every member: the mid-program check-in at half-time (15 April), the final evaluation
    # on the end day, each at 9:00 their time, and each one's reminder — the final's
    # after the end, the only message that may come then.
    for name in expected:
        if name != "hr":
            expected[name] += [(at(date(2027, 4, 15)), "q"), (at(end), "q"),
                               (retro_reminder(at(date(2027, 4, 15)), program), "qremind"),
                               (retro_reminder(at(end), program, final=True), "qremind")]
    got: dict[str, list[tuple[str, str]]] = {}
    for name, kind, _, moment in s.arrived:
        got.setdefault(name, []).append((f"{s.local(name, moment):%Y-%m-%d %H:%M}", kind))
    assert {n: sorted(v) for n, v in got.items()} == {n: sorted(v) for n, v in expected.items()}

    # The keys name each message's period: the holiday's check-in is that of 29 March.
    assert f"checkin:{pauser}:console:ana:2027-03-29" in keys
    assert f"checkin:{snoozer}:console:cto:2027-03-29" in keys
    assert [k for k in keys if k.startswith("quiet:")] == [f"quiet:{quiet}:console:hr:2027-01-29"]
    # The clock changes: the same 9:00 is another UTC hour on each side of them.
    utc = {(n, key.rsplit(":", 1)[1]): m.hour for n, _, key, m in s.arrived if kind_of(key)
           == "checkin"}
    assert (utc[(NY_PERSON, "2027-03-12")], utc[(NY_PERSON, "2027-03-26")]) == (14, 13)
    assert (utc[("hrlead", "2027-03-26")], utc[("hrlead", "2027-04-09")]) == (8, 7)
    # What the messages said.
    quiet_text = text(s.bodies["hr"])
    assert "Hrlead" in quiet_text and "Cem" in quiet_text
    assert "Did you meet?" in text(s.bodies[NY_PERSON][-3:-2])  # the last check-in
    assert "Final evaluation" in text(s.bodies[NY_PERSON][-2:-1])  # then nothing but this
    assert "Final evaluation" in text(s.bodies[NY_PERSON][-1:])  # and its one reminder


def retro_reminder(arrived: str, program: Program, final: bool = False) -> str | None:
    """When an unanswered retro's one reminder arrives (Berlin time, as `arrived` is): three
    days after its question at the same hour on a working day — a tick runs then and it is
    inside working time — else at 9:00 of the next working day; never after the end but
    for the `final` evaluation's."""
    moment = datetime.strptime(arrived, "%Y-%m-%d %H:%M")
    day, hour = moment.date() + timedelta(days=3), moment.hour
    while day.weekday() >= 5 or day in program.holidays:
        day, hour = day + timedelta(days=1), 9
    return None if day > program.end and not final else f"{day} {hour:02}:00"


def kind_of(key: str) -> str:
    return key.split(":", 1)[0]


async def test_the_autumn_clock_changes_in_a_run_that_spans_them(
        store: Store, season_program: Program) -> None:
    """The example program's run ends before the autumn changes; the same cohort in a run of
    one month from 15 October (Europe changes on 31 October, the US on 7 November): nobody
    logs, two snooze the first check-in, and every message still arrives at 9:00 local."""
    autumn = datetime(2027, 10, 15, 15, 0, tzinfo=UTC)  # a Friday again
    program = replace(season_program, start=autumn.date(), months=1, holidays=frozenset())
    clock = FakeClock(autumn)
    core = TandemCore(store, program, clock)
    await core.start()
    s = Season(core, clock)
    pairs = await kick_off(s)
    assert pairs["hrlead"][1] == NY_PERSON
    seen = 0
    for moment in ticks_from(datetime(2027, 10, 16, tzinfo=UTC),
                             datetime(2027, 11, 22, tzinfo=UTC)):
        clock.set(moment)
        await s.tick()
        new, seen = s.arrived[seen:], len(s.arrived)
        for name, kind, key, _ in new:
            if kind == "checkin" and name in ("ceo", NY_PERSON) and key.endswith("10-29"):
                tid = pairs["ceo"][0] if name == "ceo" else pairs["hrlead"][0]
                assert "ask you again" in text(await s.click(name, "checkin.snooze",
                                                             f"{tid}:2027-10-29"))
        await s.deliver()
        seen = len(s.arrived)
    utc: dict[tuple[str, str], list[str]] = {}
    for name, _, key, moment in s.arrived:
        local = s.local(name, moment)
        utc.setdefault((name, kind_of(key)), []).append(f"{local:%m-%d %H:%M} {moment:%H}Z")
    # Berlin: 9:00 is 7:00 UTC before 31 October, 8:00 after; New York: 13:00 UTC before
    # 7 November, 14:00 after; in the week between, the two are five hours apart.
    assert utc[("ceo", "checkin")] == ["10-29 09:00 07Z", "11-12 09:00 08Z"]
    assert utc[("ceo", "snoozed")] == ["11-01 09:00 08Z"]
    assert utc[(NY_PERSON, "checkin")] == ["10-29 09:00 13Z", "11-12 09:00 14Z"]
    assert utc[(NY_PERSON, "snoozed")] == ["11-01 09:00 13Z"]
    assert utc[("hr", "quiet")] == ["11-12 09:00 08Z"] * 4  # all four went quiet
    # Nothing after the end on 15 November; everyone else asked twice.
    for name in [*LEADERS, *JUNIORS]:
        assert len(utc[(name, "checkin")]) == 2
    keys = [key for _, _, key, _ in s.arrived]
    assert len(keys) == len(set(keys))
