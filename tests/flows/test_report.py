"""`report` (German `bericht`): the coordinators' report against a seeded program with known
counts — its text, its PNG chart (decoded with Pillow) and its CSV (parsed) —, the k-threshold
(2 tandems hidden, 3 shown) in all three, non-coordinators refused, and the monthly report
queued once per month inside the coordinators' working time.

The seed (min_group 3, today 20 March 2027, cadence 14 days):
- tandems #0–#3 active since 4 January: due 18 Jan, 1 and 15 Feb, 1 and 15 Mar;
  #4 active since 4 January, ended 10 February: due 18 Jan and 1 Feb; #5 in its kick-off.
- logged: January #0 #1 #2; February #0 twice, #1 #2 #3, #1 on 16 Feb; March #0 #1 (on 1 and
  2 March, through "Yes — log it" on their check-ins and the log form).
  So January 3 of 5 due, February 6 of 9, March 2 of 8, the whole program 11 of 22.
- states: #0 #1 active (next due 29 Mar), #2 quiet (due since 18 Jan), #3 on a break (its
  mentee paused), #4 ended, #5 in kick-off.
- retros: February #0 #1 #2 rated 5, 4, 4 (shown); March #0 #1 rated 3, 5 (2 tandems: hidden).
- "did you meet?" check-ins (asked the mentors): February #0 #1 (hidden); March (1 March)
  #0–#3, three answered (shown): #0 #1 by logging their sessions (which closes February's
  too), #3 by "Not yet"; #2 not at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from sqlalchemy import update

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.flows.report_chart import HEIGHT_PX, WIDTH_PX
from conversations.program import Program
from conversations.replies import Card, File, Form, FormAccepted, Reply, message_from_dict
from storage.db import Store
from storage.models import CheckIn, Enrollment, SessionRow, Tandem, TandemMember
from tests.flows.checkin_setup import active_tandem, actor, click, outbox, text_of, tick
from tests.storage.answered import answer
from tests.transcripts.format import normalise

NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
MARCH_DUE = date(2027, 3, 1)  # #0–#3's due day of the March check-ins
HIDDEN = "not enough tandems to show this without identifying anyone"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def reporting(store: Store, program: Program, clock: FakeClock) -> TandemCore:
    core = TandemCore(store, replace(program, min_group=3), clock)
    await core.start()
    return core


async def ask(core: TandemCore, who: str = "hr", lang: str = "en",
              line: str = "report") -> list[Reply]:
    actor = Actor("console", who, display_name=who.title(), locale=lang)
    return (await core.handle(CommandInvoked(actor, line))).replies


def files(replies: list[Reply]) -> dict[str, File]:
    return {r.media_type: r for r in replies if isinstance(r, File)}


def rows_of(file: File) -> list[dict[str, str]]:
    text = file.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def value(rows: list[dict[str, str]], month: str, measure: str, of: str) -> str:
    found = [r["count"] for r in rows
             if (r["month"], r["measure"], r["value"]) == (month, measure, of)]
    assert len(found) == 1, (month, measure, of, rows)
    return found[0]


async def sessions(store: Store, tandem_id: int, *days: date) -> None:
    async with store.unit() as repos:
        for day in days:
            repos.session.add(SessionRow(tandem_id=tandem_id, held_on=day, minutes=60,
                                         topic="PRIVATE-TOPIC", logged_by=None,
                                         created_at=NOW, updated_at=NOW))


async def checkin(store: Store, tandem_id: int, name: str, day: date) -> None:
    """The tick asked `name` "did you meet?" for the due day `day` (open, no answer yet)."""
    async with store.unit() as repos:
        person = await repos.people.by_key(f"console:{name}")
        assert person is not None
        repos.session.add(CheckIn(tandem_id=tandem_id, person_id=person.id, kind="checkin",
                                  period=day, asked_at=NOW, version=1))


async def log_it(core: TandemCore, tandem_id: int, name: str, due: date,
                 held: date | None = None) -> None:
    """`name` presses "Yes — log it" on their check-in for `due` and sends the form it opens
    (dated the due day; `held`, the day they say instead)."""
    [form] = (await core.handle(ButtonClicked(actor(name), "sessions.log",
                                              f"{tandem_id}:{due.isoformat()}"))).replies
    assert isinstance(form, Form)
    values = {f.id: f.initial for f in form.fields if f.initial}
    values |= {"about_text": "PRIVATE-TOPIC"} | ({"date": held.isoformat()} if held else {})
    replies = (await core.handle(FormSubmitted(actor(name), form.form_id, values))).replies
    assert isinstance(replies[0], FormAccepted), replies


async def retro(core: TandemCore, tid: int, day: date, rating: int) -> None:
    assert core.program_id is not None
    await answer(core.store, core.program_id, tid, "retro", day, NOW,
                 {"learned": "PRIVATE-WORDS", "rating": rating},
                 subject=f"session:{day.isoformat()}")


async def seed(core: TandemCore) -> list[int]:
    store, pid = core.store, core.program_id
    assert pid is not None
    ids = [await active_tandem(store, pid, START, [f"m{i}", f"e{i}"], ["mentor", "mentee"])
           for i in range(6)]
    async with store.unit() as repos:
        s = repos.session
        await s.execute(update(Tandem).where(Tandem.id == ids[4]).values(
            status="dissolved", due_on=None,
            dissolved_at=datetime(2027, 2, 10, 12, tzinfo=UTC)))
        await s.execute(update(Tandem).where(Tandem.id == ids[5]).values(
            status="kickoff", activated_at=None, due_on=None))
        mentee = await s.scalar(TandemMember.__table__.select()
                                .with_only_columns(TandemMember.person_id)
                                .where(TandemMember.tandem_id == ids[3],
                                       TandemMember.role == "mentee"))
        await s.execute(update(Enrollment).where(Enrollment.person_id == mentee).values(
            status="paused", paused_from=date(2027, 3, 10), paused_until=date(2027, 4, 10)))
    await sessions(store, ids[0], date(2027, 1, 18), date(2027, 2, 1), date(2027, 2, 15))
    await sessions(store, ids[1], date(2027, 1, 19), date(2027, 2, 2), date(2027, 2, 16))
    await sessions(store, ids[2], date(2027, 1, 20), date(2027, 2, 3))
    await sessions(store, ids[3], date(2027, 2, 4))
    for tid, rating in zip(ids[:3], (5, 4, 4), strict=True):
        await retro(core, tid, date(2027, 2, 1), rating)
    for tid, rating in zip(ids[:2], (3, 5), strict=True):
        await retro(core, tid, date(2027, 3, 1), rating)
    for i in (0, 1):
        await checkin(store, ids[i], f"m{i}", date(2027, 2, 15))
    for i in range(4):
        await checkin(store, ids[i], f"m{i}", MARCH_DUE)
    # Through the real buttons: #3 "not yet"; #0 and #1 log March's sessions from their
    # check-ins (which answers each open one "met", February's too); #2 says nothing.
    assert "ask you again on" in await click(core, "m3", "checkin.snooze",
                                             f"{ids[3]}:{MARCH_DUE.isoformat()}")
    await log_it(core, ids[0], "m0", MARCH_DUE)
    await log_it(core, ids[1], "m1", MARCH_DUE, held=date(2027, 3, 2))
    async with store.unit() as repos:
        await repos.session.execute(update(Tandem).where(Tandem.id.in_(ids[:2]))
                                    .values(due_on=date(2027, 3, 29)))
    return ids


async def test_only_coordinators(reporting: TandemCore) -> None:
    replies = await ask(reporting, "mia")
    assert "only the program's coordinators" in normalise(text_of(replies))
    assert not files(replies)


async def test_a_program_without_sessions_due_yet_gets_a_whole_chart(
        reporting: TandemCore) -> None:
    replies = await ask(reporting)
    assert "no session was due yet" in normalise(text_of(replies))
    png = files(replies)["image/png"]
    with Image.open(io.BytesIO(png.content)) as image:
        assert (image.format, image.size) == ("PNG", (WIDTH_PX, HEIGHT_PX))
        # The empty panel says why in grey, not an axis scaled around zero: no axis line.
        ink = image.convert("L").load()
        tallest = max(sum(1 for y in range(HEIGHT_PX) if ink[x, y] < 100)
                      for x in range(WIDTH_PX * 2 // 3))
        assert tallest < HEIGHT_PX // 4, tallest


async def test_the_seeded_program_in_text_chart_and_csv(reporting: TandemCore) -> None:
    await seed(reporting)
    replies = await ask(reporting)
    [card] = [r for r in replies if isinstance(r, Card)]
    text = normalise(text_of(replies))
    assert card.title == "Report for " + reporting.program.name
    assert "Tandems now: in kick-off 1 · active 2 · quiet 1 · on a break 1 · ended 1" in text
    assert "January 2027: 3 of 5 (60%)" in text
    assert "February 2027: 6 of 9 (67%)" in text
    assert "March 2027: 2 of 8 (25%)" in text
    assert "Whole program: 11 of 22 (50%)" in text
    march = text.split("Whole program")[-2].split("March 2027 ")[-1]
    assert "“Did you meet?” check-ins answered: 3 of 4 (75%)" in march
    assert f"Retros answered: {HIDDEN}" in march
    whole = text.split("Whole program ")[-1]
    assert "Retros answered: 3 of 3 (100%), without March 2027" in whole
    assert "How the sessions were (retros, 1–5): 1: 0 · 2: 0 · 3: 0 · 4: 2 · 5: 1" in whole
    assert "check-ins answered: 3 of 4 (75%), without February 2027" in whole
    assert "PRIVATE" not in repr(replies)

    found = files(replies)
    png = found["image/png"]
    assert png.name == "tandem-report-2027-03.png" and png.title
    with Image.open(io.BytesIO(png.content)) as image:
        assert image.format == "PNG"
        assert image.size == (WIDTH_PX, HEIGHT_PX)
        assert len(image.convert("RGB").getcolors(1 << 20) or ()) > 10  # not a blank picture

    rows = rows_of(found["text/csv"])
    assert list(rows[0]) == ["month", "measure", "value", "count"]
    assert value(rows, "now", "tandems", "quiet") == "1"
    assert value(rows, "now", "tandems", "kickoff") == "1"
    assert value(rows, "2027-01", "sessions_met", "due") == "5"
    assert value(rows, "2027-02", "sessions_met", "logged") == "6"
    assert value(rows, "2027-03", "sessions_met", "due") == "8"
    assert value(rows, "all", "sessions_met", "logged") == "11"
    assert value(rows, "2027-02", "retro_rating", "4") == "2"
    assert value(rows, "2027-03", "retro_rate", "hidden") == ""
    assert value(rows, "2027-02", "checkin_rate", "hidden") == ""
    assert value(rows, "2027-03", "checkin_rate", "completed") == "3"
    assert value(rows, "all", "retro_rating", "5") == "1"  # March's 5 is hidden, left out
    assert "PRIVATE" not in found["text/csv"].content.decode()


async def test_in_german(reporting: TandemCore) -> None:
    await seed(reporting)
    replies = await ask(reporting, lang="de", line="bericht")
    text = normalise(text_of(replies))
    assert "Bericht" in text and "Februar 2027: 6 von 9 (67 %)" in text
    assert set(files(replies)) == {"image/png", "text/csv"}


async def test_two_tandems_are_hidden_three_are_shown(reporting: TandemCore) -> None:
    core = reporting
    assert core.program_id is not None
    ids = [await active_tandem(core.store, core.program_id, START, [f"m{i}", f"e{i}"],
                               ["mentor", "mentee"]) for i in range(2)]
    for tid in ids:
        await sessions(core.store, tid, date(2027, 2, 1))
    two = await ask(core)
    text = normalise(text_of(two))
    assert f"February 2027: {HIDDEN}" in text and "of 4" not in text
    rows = rows_of(files(two)["text/csv"])
    assert value(rows, "2027-02", "tandems_counted", "hidden") == ""
    assert not [r for r in rows if r["measure"] == "sessions_met"]
    third = await active_tandem(core.store, core.program_id, START, ["m9", "e9"],
                                ["mentor", "mentee"])
    await sessions(core.store, third, date(2027, 2, 1))
    three = await ask(core)
    text = normalise(text_of(three))
    assert HIDDEN not in text.split("Whole program")[0]
    assert "February 2027: 3 of 6 (50%)" in text
    rows = rows_of(files(three)["text/csv"])
    assert value(rows, "2027-02", "sessions_met", "logged") == "3"


async def test_the_monthly_report_is_queued_once_in_working_time(
        reporting: TandemCore, clock: FakeClock) -> None:
    await seed(reporting)
    clock.set(datetime(2027, 4, 1, 3, 0, tzinfo=UTC))  # 05:00 in Berlin, a Thursday
    await tick(reporting, clock)
    clock.set(datetime(2027, 4, 1, 12, 0, tzinfo=UTC))
    await tick(reporting, clock)
    sent = await outbox(reporting.store, "report")
    coordinators = sorted(reporting.program.coordinators)
    assert sorted(s.key for s in sent) == sorted(
        f"report:2027-03{suffix}>{c}" for c in coordinators for suffix in ("", ":png", ":csv"))
    opens = datetime(2027, 4, 1, 7, 0, tzinfo=UTC)  # 09:00 in Berlin
    assert {s.not_before for s in sent} == {opens}
    card = next(s for s in sent if s.key == "report:2027-03>console:hr")
    # console:hr has no profile: the program's language (German), the program's hours
    assert card.text.startswith("Bericht für Reverse Mentoring 2027: März 2027")
    # the whole of March now: #0–#3 were also due on 29 March
    assert "März 2027: 2 von 12 (17 %)" in normalise(card.text)
    chart = message_from_dict(next(s.body for s in sent
                                   if s.key == "report:2027-03:png>console:hr"))
    assert isinstance(chart, File) and chart.media_type == "image/png"
    # later in April: nothing new; on 1 May (a Saturday) April's, for Monday 09:00
    clock.set(datetime(2027, 4, 20, 12, 0, tzinfo=UTC))
    await tick(reporting, clock)
    assert len(await outbox(reporting.store, "report")) == len(sent)
    clock.set(datetime(2027, 5, 1, 10, 0, tzinfo=UTC))
    await tick(reporting, clock)
    await tick(reporting, clock)
    april = [s for s in await outbox(reporting.store, "report") if "2027-04" in s.key]
    assert len(april) == len(sent)
    assert {s.not_before for s in april} == {datetime(2027, 5, 3, 7, 0, tzinfo=UTC)}



async def test_check_ins_closed_before_their_answer_was_recorded_count_as_met(
        reporting: TandemCore) -> None:
    """Rows an older version closed when a session was logged (closed_at, no answer) are
    answered; an open one of a dissolved tandem is asked and not answered."""
    core, store = reporting, reporting.store
    assert core.program_id is not None
    ids = [await active_tandem(store, core.program_id, START, [f"m{i}", f"e{i}"],
                               ["mentor", "mentee"]) for i in range(3)]
    for i, tid in enumerate(ids):
        await checkin(store, tid, f"m{i}", MARCH_DUE)
    async with store.unit() as repos:
        await repos.session.execute(update(CheckIn).where(CheckIn.tandem_id.in_(ids[:2]))
                                    .values(closed_at=NOW))
        await repos.session.execute(update(Tandem).where(Tandem.id == ids[2]).values(
            status="dissolved", due_on=None, dissolved_at=NOW))
    rows = rows_of(files(await ask(core))["text/csv"])
    assert value(rows, "2027-03", "checkin_rate", "asked") == "3"
    assert value(rows, "2027-03", "checkin_rate", "completed") == "2"


async def test_a_past_months_report_counts_no_tandem_first_seen_later(
        reporting: TandemCore, clock: FakeClock) -> None:
    """February's monthly report, queued on 2 March: its whole program is February's three
    tandems, not also the two first asked (a check-in, a retro) in March."""
    core, store = reporting, reporting.store
    assert core.program_id is not None
    old = [await active_tandem(store, core.program_id, START, [f"m{i}", f"e{i}"],
                               ["mentor", "mentee"]) for i in range(3)]
    for tid in old:
        await sessions(store, tid, date(2027, 2, 1))
        await retro(core, tid, date(2027, 2, 1), 4)
    later = datetime(2027, 2, 16, 9, 0, tzinfo=UTC)  # first due on 2 March
    for i in (3, 4):
        tid = await active_tandem(store, core.program_id, later, [f"m{i}", f"e{i}"],
                                  ["mentor", "mentee"])
        await checkin(store, tid, f"m{i}", date(2027, 3, 2))
        await retro(core, tid, date(2027, 3, 2), 5)
    clock.set(datetime(2027, 3, 2, 12, 0, tzinfo=UTC))
    await tick(core, clock)
    [sent] = [s for s in await outbox(store, "report")
              if s.key == "report:2027-02:csv>console:hr"]
    table = message_from_dict(sent.body)
    assert isinstance(table, File)
    rows = rows_of(table)
    assert value(rows, "2027-02", "tandems_counted", "tandems") == "3"
    assert value(rows, "all", "tandems_counted", "tandems") == "3"
    assert value(rows, "all", "retro_rating", "4") == "3"
    assert value(rows, "all", "retro_rating", "5") == "0"  # March's, not this report's
    assert not [r for r in rows if r["month"] == "2027-03"]


async def test_a_month_ends_at_midnight_in_the_programs_zone(
        reporting: TandemCore, clock: FakeClock) -> None:
    """Berlin is an hour ahead of UTC in winter. Tandems activated at 00:30 on 18 January
    (17 January in UTC) are due from 1 February; a session logged at 23:30 on 31 January
    is January's, one logged at 00:30 on 1 February (still 31 January in UTC) February's."""
    core, store = reporting, reporting.store
    assert core.program_id is not None
    activated = datetime(2027, 1, 17, 23, 30, tzinfo=UTC)
    ids = [await active_tandem(store, core.program_id, activated, [f"m{i}", f"e{i}"],
                               ["mentor", "mentee"], activated=date(2027, 1, 18))
           for i in range(3)]
    for moment in (datetime(2027, 1, 31, 22, 30, tzinfo=UTC),
                   datetime(2027, 1, 31, 23, 30, tzinfo=UTC)):
        clock.set(moment)
        for i, tid in enumerate(ids):
            [form] = (await core.handle(ButtonClicked(actor(f"m{i}"), "sessions.log",
                                                      str(tid)))).replies
            assert isinstance(form, Form)  # dated today, the person's (Berlin) day
            values = {f.id: f.initial for f in form.fields if f.initial}
            replies = (await core.handle(FormSubmitted(
                actor(f"m{i}"), form.form_id, values | {"about_text": "x"}))).replies
            assert isinstance(replies[0], FormAccepted), replies
    clock.set(datetime(2027, 2, 20, 9, 0, tzinfo=UTC))
    rows = rows_of(files(await ask(core))["text/csv"])
    assert value(rows, "2027-01", "sessions_met", "due") == "0"
    assert value(rows, "2027-01", "sessions_met", "logged") == "3"
    assert value(rows, "2027-02", "sessions_met", "due") == "6"  # 1 and 15 February
    assert value(rows, "2027-02", "sessions_met", "logged") == "3"

