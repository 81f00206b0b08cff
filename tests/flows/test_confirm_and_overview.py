"""`leave` and `dissolve` ask first; the coordinator's overview remembers what ended and why.

Console transcripts (a card's buttons are numbered choices, pressed by typing the number) and
the core's events for the coordinator's clicks.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, Event, FormSubmitted
from conversations.program import Program
from conversations.replies import Card, Reply, Text, Update, without_markers
from storage.db import Store
from storage.models import Enrollment, OutboxMessage, Tandem
from tests.flows.conftest import MENTEE, MENTOR, Transcript
from tests.flows.test_matching_kickoff import Cohort, button, example_cohort, proposals

HR = Actor("console", "hr", display_name="Hr", locale="en")


@pytest.fixture
async def cohort(core: TandemCore, clock: FakeClock) -> Cohort:
    return await example_cohort(core, clock)


async def approve_all(core: TandemCore) -> None:
    [card] = (await core.handle(CommandInvoked(HR, "match"))).replies
    assert isinstance(card, Card)
    value = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    assert (await core.handle(ButtonClicked(HR, "match.approve_all", value))).outcome == "ok"


async def bodies(core: TandemCore, kind: str) -> list[str]:
    async with core.store.session() as s:
        rows = await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
        return [without_markers("\n".join(
            [str(m.body.get("title", "")), *m.body.get("sections", []),
             str(m.body.get("markdown", ""))])) for m in rows if m.body]


async def test_leave_asks_first_and_says_what_will_happen(transcript: Transcript,
                                                          core: TandemCore) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("max", "join", MENTOR, lang="en")
    await approve_all(core)
    out = await transcript.say("erika", "leave")
    assert "== Leave Reverse Mentoring 2027? ==" in out
    assert "your sign-up answers are deleted" in out
    assert "your tandem with Max ends; Max is told kindly that you left" in out
    assert "[1] Yes, leave" in out and "[2] No, stay" in out
    assert "`pause 2027-03-31` keeps your place" in out
    assert "nothing changed" in await transcript.say("erika", "2")
    assert "is in its kick-off" in await transcript.say("erika", "status")
    assert await bodies(core, "partner-left") == []

    # Every button of the session keeps its number (the status card's too): this one's is [6].
    assert "[6] Yes, leave" in await transcript.say("erika", "leave")
    assert "You have left Reverse Mentoring 2027" in await transcript.say("erika", "6")
    # The card now says what happened; pressing it again changes nothing, tells nobody again.
    assert "That card was already answered" in await transcript.say("erika", "6")
    assert len(await bodies(core, "partner-left")) == 1 + len(core.program.coordinators)
    assert "waiting for a tandem partner" in await transcript.say("max", "status")


async def test_a_leave_card_from_before_a_change_is_out_of_date(transcript: Transcript,
                                                                core: TandemCore) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("erika", "leave")
    await transcript.say("erika", "pause 2027-03-01")  # the card is still on screen
    out = await transcript.say("erika", "1")
    assert "out of date" in out and "type `leave` again" in out
    assert "on a break until March 1, 2027" in await transcript.say("erika", "status")
    # Left, then joined again: the card from the first time cannot end the new sign-up
    # (the console retires a spent card's numbers; on Slack or Teams it may still be shown).
    erika = transcript.actor("erika")
    [card] = (await core.handle(CommandInvoked(erika, "leave"))).replies
    assert isinstance(card, Card)
    yes = card.buttons[0]
    assert yes.action_id == "leave.confirm"
    assert "You have left" in text_of((await core.handle(
        ButtonClicked(erika, yes.action_id, yes.value))).replies)
    assert "Welcome to" in await transcript.say("erika", "join", MENTEE)
    stale = await core.handle(ButtonClicked(erika, yes.action_id, yes.value))
    assert "out of date" in text_of(stale.replies)
    async with core.store.session() as s:
        assert await s.scalar(select(Enrollment.status)) == "active"


async def test_a_double_click_on_leave_withdraws_once(any_core: TandemCore) -> None:
    erika = Actor("console", "erika", display_name="Erika", locale="en")
    await any_core.handle(FormSubmitted(erika, "signup", {
        "role": "mentee", "topics": ["ai"], "department": "", "manager": "",
        "languages": ["en"], "timezone": "Europe/Berlin", "level": "lead",
        "consent": ["yes"]}))
    [card] = (await any_core.handle(CommandInvoked(erika, "leave"))).replies
    assert isinstance(card, Card)
    click: Event = ButtonClicked(erika, "leave.confirm", card.buttons[0].value)
    first, second = await asyncio.gather(any_core.handle(click), any_core.handle(click))
    said = sorted(text_of([r]) for o in (first, second) for r in o.replies)
    assert sum("You have left" in x for x in said) == 1, said
    assert any("already" in x for x in said), said
    async with any_core.store.session() as s:
        enrollment = await s.scalar(select(Enrollment))
        assert enrollment is not None and enrollment.status == "withdrawn"


async def test_dissolve_asks_for_a_reason_the_pair_never_sees(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    tid = (await cohort.text("hr", "tandems")).split("#")[1].split(" ")[0]
    [confirm] = await cohort.send("hr", f"dissolve {tid}")
    assert isinstance(confirm, Card) and confirm.title.startswith(f"End tandem #{tid} (")
    text = without_markers("\n".join(confirm.sections))
    assert "told kindly that the program coordination ended their tandem, not why" in text
    assert "will not be proposed to each other again" in text
    assert [b.label for b in confirm.buttons] == [
        "End: they did not meet", "End: not a good fit", "End: a participant asked for it",
        "End: circumstances changed", "End: another reason", "Cancel: keep the tandem"]
    async with cohort.core.store.session() as s:  # asked, nothing done
        assert (await s.get(Tandem, int(tid))).status == "kickoff"  # type: ignore[union-attr]
    [kept] = await cohort.click("hr", "tandems.keep_tandem", tid)
    assert isinstance(kept, Update) and isinstance(kept.body, Text)  # the card gives way
    assert "Nothing changed: tandem" in kept.body.markdown
    before = {name: cohort.received(name) for name in cohort.inbox}
    # A participant cannot press a coordinator's card, nor a made-up reason.
    [no] = await cohort.click("ana", "tandems.dissolve", f"{tid}:no_fit")
    assert "only the program's coordinators" in no.markdown  # type: ignore[union-attr]
    [no] = await cohort.click("hr", "tandems.dissolve", f"{tid}:because")
    assert "no longer in use" in no.markdown  # type: ignore[union-attr]

    [done] = await cohort.click("hr", "tandems.dissolve", f"{tid}:no_fit")
    assert isinstance(done, Update) and isinstance(done.body, Text)  # no buttons left
    assert "is dissolved (not a good fit)" in done.body.markdown
    told = [name for name in cohort.inbox if cohort.received(name) != before.get(name, "")]
    assert len(told) == 2
    for name in told:
        assert "has ended your tandem" in cohort.received(name)
        assert "fit" not in cohort.received(name)
    [again] = await cohort.click("hr", "tandems.dissolve", f"{tid}:did_not_meet")
    assert ("already ended on January 20, 2027 (not a good fit). Nothing changed."
            in again.markdown)  # type: ignore[union-attr]
    async with cohort.core.store.session() as s:
        tandem = await s.get(Tandem, int(tid))
        assert tandem is not None and tandem.end_reason == "no_fit"
    assert all(cohort.received(n).count("has ended your tandem") == 1 for n in told)


async def test_the_overview_remembers_ended_tandems_pauses_and_requests(
        cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    pairs = dict(proposals(card))  # mentor → mentee
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    listing = await cohort.text("hr", "tandems")
    ids = {line.split(" ")[1]: line for line in listing.splitlines() if line.startswith("- #")}
    by_mentee = {mentee: next(i for i, line in ids.items() if f"{mentee.title()} (mentee)" in line)
                 for mentee in pairs.values()}
    await cohort.click("hr", "tandems.dissolve", f"{by_mentee['hrlead'][1:]}:did_not_meet")
    await cohort.click("salesvp", "leave.confirm", button(
        (await cohort.send("salesvp", "leave"))[0], "leave.confirm"))
    await cohort.text("ceo", "pause 2027-03-01")
    await cohort.text("cto", "change we never find a slot")

    listing = await cohort.text("hr", "tandems")
    assert ("**Current tandems (2)**: 0 active, 1 in kick-off, 1 paused; "
            "open change requests: 1") in listing
    assert "paused: Ceo until March 1, 2027" in listing
    assert "**change requested** by Cto on January 20, 2027" in listing
    assert "Ended tandems: 2. `tandems all` lists them" in listing
    assert "never find a slot" not in listing  # the request's words stay in its message

    everything = await cohort.text("hr", "tandems all")
    assert "**Ended tandems (2)**" in everything
    assert f"{by_mentee['hrlead']} " in everything
    assert "ended on January 20, 2027: they did not meet" in everything
    assert "ended on January 20, 2027: a participant left the program" in everything

    status = await cohort.text("hr", "status")
    assert "Signed up: mentors 4, mentees 3" in status
    assert "Waiting for a tandem: mentors 2, mentees 1" in status
    assert "On a break: 1" in status
    assert "Tandems in kick-off: 2" in status and "Active tandems: 0" in status
    assert "Ended tandems: 2; left the program: 1" in status
    assert "Open change requests: 1" in status

    # The request's card: end (asks first) or keep and close the request.
    [request] = [b for b in cohort.inbox["hr"] if isinstance(b, Card)
                 and b.title == "Change request"]
    cto = by_mentee["cto"][1:]
    [asked] = await cohort.click("hr", "tandems.end", cto)
    assert isinstance(asked, Card) and asked.title.startswith(f"End tandem #{cto}")
    assert [b.action_id for b in request.buttons] == ["tandems.end", "tandems.close_request"]
    [closed] = await cohort.click("hr", "tandems.close_request", cto)
    assert "is closed; the tandem continues" in closed.markdown  # type: ignore[union-attr]
    [twice] = await cohort.click("hr", "tandems.close_request", cto)
    assert "no open change request" in twice.markdown  # type: ignore[union-attr]
    assert "change requested" not in await cohort.text("hr", "tandems")


async def test_tandems_after_every_tandem_ended_is_not_none(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    for line in (await cohort.text("hr", "tandems")).splitlines():
        if line.startswith("- #"):
            await cohort.click("hr", "tandems.dissolve", line.split(" ")[1][1:] + ":other")
    listing = await cohort.text("hr", "tandems")
    assert "There are no current tandems" in listing
    assert "Ended tandems: 4. `tandems all`" in listing
    assert (await cohort.text("hr", "tandems all")).count("another reason") == 4


@pytest.fixture
def early_program(program: Program) -> Program:
    return replace(program, start=date(2027, 3, 1))


@pytest.fixture
async def early_core(store: Store, early_program: Program, clock: FakeClock) -> TandemCore:
    core = TandemCore(store, early_program, clock)
    await core.start()
    return core


async def test_the_introduction_without_a_department_and_before_the_start(
        early_core: TandemCore, clock: FakeClock) -> None:
    transcript = Transcript(early_core)
    no_department = [*MENTOR]
    no_department[2] = ""
    await transcript.say("zed", "join", no_department, lang="en")
    mentee = [*MENTEE]
    mentee[2] = ""  # not given at sign-up, but HR's import knows it
    await transcript.say("erika", "join", mentee, lang="en")
    async with early_core.store.unit() as repos:
        await repos.directory.upsert(person_key="console:erika", email=None, now=clock.now(),
                                     department="Finanzen")
    await approve_all(early_core)
    [intro] = await bodies(early_core, "intro")
    assert "**Zed** (mentor) and **Erika** (mentee, Finanzen)" in intro
    assert "(mentor, )" not in intro and "mentor, None" not in intro
    assert "- introduce yourselves: your team and what you work on;" in intro
    assert "The program starts on March 1, 2027." in intro
    assert "plan your first session for that day or later" in intro


async def test_german_confirmation_and_start_date(early_core: TandemCore) -> None:
    transcript = Transcript(early_core)
    await transcript.say("jonas", "anmelden", MENTOR, lang="de")
    await transcript.say("erika", "anmelden", MENTEE, lang="de")
    await approve_all(early_core)
    [intro] = await bodies(early_core, "intro")
    assert "1. März 2027" in intro
    assert ", Engineering)" in intro and "stellen Sie sich" not in intro  # both known
    out = await transcript.say("erika", "abmelden", lang="de")
    assert "Yes, leave" not in out and "If you leave" not in out
    # the level is named as the join form names it
    assert "Abteilung, Führungskraft, Karrierestufe)" in out and "Ebene" not in out


async def test_two_coordinators_ending_one_tandem_at_once_end_it_once(
        any_core: TandemCore) -> None:
    for name, role, level in (("mia", "mentor", "junior"), ("alex", "mentee", "executive")):
        actor = Actor("console", name, display_name=name.title(), locale="en")
        await any_core.handle(FormSubmitted(actor, "signup", {
            "role": role, "topics": ["ai"], "department": "", "manager": "",
            "languages": ["en"], "timezone": "Europe/Berlin", "level": level,
            "consent": ["yes"]}))
    await approve_all(any_core)
    async with any_core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
    other = Actor("slack", "UCOORD", display_name="Co", locale="en")
    first, second = await asyncio.gather(
        any_core.handle(ButtonClicked(HR, "tandems.dissolve", f"{tid}:no_fit")),
        any_core.handle(ButtonClicked(other, "tandems.dissolve", f"{tid}:other")))
    said = [m.markdown for o in (first, second) for r in o.replies
            for m in ([r.body] if isinstance(r, Update) else [r]) if isinstance(m, Text)]
    assert sum("is dissolved" in x for x in said) == 1, said
    assert sum("already ended" in x or "already handled" in x for x in said) == 1, said
    async with any_core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "dissolved"
        winner = "no_fit" if any("is dissolved (not a good fit)" in x for x in said) else "other"
        assert tandem.end_reason == winner
    assert len(await bodies(any_core, "dissolved")) == 2  # each of the pair, once


async def test_coordinator_help_names_the_overview(transcript: Transcript) -> None:
    out = await transcript.say("hr", "help", lang="en")
    assert "`tandems all` — also the ended tandems, with when and why" in out
    assert "`status` — the program's counts" in out


async def test_dissolve_on_the_console_with_numbered_reasons(transcript: Transcript,
                                                             core: TandemCore) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("max", "join", MENTOR, lang="en")
    await approve_all(core)
    out = await transcript.say("hr", "dissolve 1", lang="en")
    assert "== End tandem #1 (Max ↔ Erika)? ==" in out
    assert "[1] End: they did not meet" in out and "[6] Cancel: keep the tandem" in out
    assert "Nothing changed: tandem #1 continues." in await transcript.say("hr", "6")
    # Answered: the card's numbers are spent, and nothing reaches the flows.
    assert "That card was already answered" in await transcript.say("hr", "2")
    async with core.store.session() as s:
        assert (await s.get(Tandem, 1)).status == "kickoff"  # type: ignore[union-attr]
    again = await transcript.say("hr", "dissolve 1")
    assert "[7] End: they did not meet" in again and "[8] End: not a good fit" in again
    stale = await transcript.say("hr", "dissolve 1")  # a second card, left unanswered
    assert "[13] End: they did not meet" in stale
    assert "is dissolved (not a good fit)" in await transcript.say("hr", "8")
    assert "already answered" in await transcript.say("hr", "7")  # the card pressed again
    # The other card still has its numbers; the flow answers that it is over, once.
    assert "already ended" in await transcript.say("hr", "13")
    async with core.store.session() as s:
        tandem = await s.get(Tandem, 1)
        assert tandem is not None and tandem.end_reason == "no_fit"
    assert "ended on January 20, 2027: not a good fit" in await transcript.say(
        "hr", "tandems all")
    for name in ("erika", "max"):
        status = await transcript.say(name, "status")
        assert "waiting for a tandem partner" in status and "fit" not in status


async def test_the_activation_before_the_start_says_when_it_starts(
        early_core: TandemCore) -> None:
    mia = Actor("console", "mia", display_name="Mia", locale="en")
    alex = Actor("console", "alex", display_name="Alex", locale="en")
    for actor, role, level in ((mia, "mentor", "junior"), (alex, "mentee", "executive")):
        await early_core.handle(FormSubmitted(actor, "signup", {
            "role": role, "topics": ["ai"], "department": "IT", "manager": "",
            "languages": ["en"], "timezone": "Europe/Berlin", "level": level,
            "consent": ["yes"]}))
    await approve_all(early_core)
    events: list[Event] = [
        ButtonClicked(mia, "kickoff.rules", "1"), ButtonClicked(alex, "kickoff.rules", "1"),
        FormSubmitted(alex, "goals:1", {"goal1": "Use AI daily"}),
        FormSubmitted(mia, "cadence:1", {"days": "14", "minutes": "60", "mode": "video"}),
        ButtonClicked(alex, "kickoff.cadence_ok", "1")]
    for event in events:
        assert (await early_core.handle(event)).outcome == "ok"
    [active] = await bodies(early_core, "active")
    assert "Your tandem is active!" in active
    assert "The program starts on March 1, 2027." in active
    # the kick-off is done: the note no longer invites them to agree on it
    assert "Plan your first session for that day or later." in active
    assert "kick-off" not in active


def text_of(replies: list[Reply]) -> str:
    """What a person reads: texts, and what an updated card now says."""
    return "\n".join(r.markdown if isinstance(r, Text) else
                     r.body.markdown if isinstance(r, Update) and isinstance(r.body, Text)
                     else "" for r in replies)
