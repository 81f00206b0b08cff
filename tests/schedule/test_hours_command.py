"""`hours`: a person's own working time, shown, set, refused kindly and reset."""

from __future__ import annotations

from sqlalchemy import select

from conversations.program import Program
from conversations.working_time import WorkingTime, working_time_of
from storage.db import Store
from storage.models import Person
from tests.flows.conftest import MENTEE, Transcript


async def person(store: Store, user: str) -> Person:
    async with store.session() as s:
        return (await s.scalars(select(Person).where(Person.key == f"console:{user}"))).one()


async def test_hours_are_shown_set_and_reset(transcript: Transcript, store: Store,
                                             program: Program) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    out = await transcript.say("erika", "hours")
    assert "Your working time is the program's: Mon–Fri, 9:00–17:00 (Europe/Berlin)" in out
    out = await transcript.say("erika", "hours 8-16")
    assert "your working time is now Mon–Fri, 8:00–16:00 (Europe/Berlin)" in out
    out = await transcript.say("erika", "hours mon-thu 7-15")
    assert "your working time is now Mon–Thu, 7:00–15:00" in out
    stored = await person(transcript.core.store, "erika")
    assert (stored.hours_start, stored.hours_end, stored.work_days) == (7, 15, [1, 2, 3, 4])
    assert working_time_of(stored, program) == WorkingTime("Europe/Berlin", (7, 15),
                                                           (1, 2, 3, 4), program.holidays)
    assert "Your working time: Mon–Thu, 7:00–15:00" in await transcript.say("erika", "hours")
    assert "Working time: Mon–Thu, 7:00–15:00 (Europe/Berlin)" in await transcript.say(
        "erika", "status")
    out = await transcript.say("erika", "hours 10-12")  # the days stay
    assert "Mon–Thu, 10:00–12:00" in out
    out = await transcript.say("erika", "hours reset")
    assert "the program's again: Mon–Fri, 9:00–17:00" in out
    stored = await person(transcript.core.store, "erika")
    assert (stored.hours_start, stored.hours_end, stored.work_days) == (None, None, None)


async def test_bad_hours_change_nothing(transcript: Transcript) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("erika", "hours mon,wed,fri 8-16")
    before = await person(transcript.core.store, "erika")
    for bad in ("hours 16-8", "hours 9-9", "hours 8-25", "hours 8:30-16", "hours monday 8-16",
                "hours fri-mon 8-16", "hours 8-16 9-17", "hours mon tue", "hours ٨-١٦",
                "hours 8-16 mon-fri extra", "hours <b>8</b>"):
        out = await transcript.say("erika", bad)
        assert "Please give whole hours like `hours 8-16`" in out and "Nothing changed" in out
    after = await person(transcript.core.store, "erika")
    assert (after.hours_start, after.hours_end, after.work_days, after.version) == (
        before.hours_start, before.hours_end, before.work_days, before.version)
    assert (after.hours_start, after.work_days) == (8, [1, 3, 5])


async def test_german_words_and_days(transcript: Transcript) -> None:
    await transcript.say("jonas", "join", MENTEE, lang="de")
    out = await transcript.say("jonas", "arbeitszeit mo-do 7-15", lang="de")
    assert "Ihre Arbeitszeit ist jetzt Mo.–Do., 7–15 Uhr (Europe/Berlin)" in out
    out = await transcript.say("jonas", "zeiten", lang="de")
    assert "Ihre Arbeitszeit: Mo.–Do., 7–15 Uhr" in out and "`arbeitszeit zurücksetzen`" in out
    out = await transcript.say("jonas", "arbeitszeit 25-3", lang="de")
    assert "Bitte geben Sie volle Stunden an" in out and "`arbeitszeit mo-do 7-15`" in out
    out = await transcript.say("jonas", "arbeitszeit zurücksetzen", lang="de")
    assert "wieder die Arbeitszeit des Programms: Mo.–Fr., 9–17 Uhr" in out
    assert "`arbeitszeit mo-do 7-15`" in await transcript.say("jonas", "hilfe", lang="de")


def test_a_stored_zone_that_no_longer_exists_falls_back_to_the_programs(
        program: Program) -> None:
    gone = Person(key="console:x", timezone="Mars/Olympus", hours_start=8, hours_end=16,
                  work_days=[6, 7])
    assert working_time_of(gone, program) == WorkingTime("Europe/Berlin", (8, 16), (6, 7),
                                                         program.holidays)
    broken = Person(key="console:y", timezone="Asia/Kolkata", hours_start=16, hours_end=8)
    assert working_time_of(broken, program).hours == program.working_hours
    assert working_time_of(None, program).timezone == program.timezone
