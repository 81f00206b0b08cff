"""The group format in the console: sign-up → match → approve → kick-off by every member →
active, and a circle's life after (status, tandems, leave)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import FormSubmitted
from conversations.program import Program
from conversations.replies import Card, Form, Reply, Text, without_markers
from storage.db import Store
from storage.models import RejectedPair, Tandem
from tests.flows.test_matching_kickoff import Cohort, button

JUNIORS = {"ana": ("apprentice", "Technik", ["ai", "tools"]),
           "ben": ("junior", "Marketing", ["ai", "social"]),
           "cem": ("junior", "Personal", ["tools", "ai"])}


@pytest.fixture
def program(program: Program) -> Program:
    return replace(program, format="group")


async def circle_cohort(core: TandemCore, clock: FakeClock, juniors: dict[str, tuple[str, str,
                        list[str]]] = JUNIORS) -> Cohort:
    c = Cohort(core, clock)
    await c.signup("ceo", "mentee", "executive", "Vorstand", ["ai", "tools"], None)
    for name, (level, dept, topics) in juniors.items():
        await c.signup(name, "mentor", level, dept, topics, None)
    return c


@pytest.fixture
async def cohort(core: TandemCore, clock: FakeClock) -> Cohort:
    return await circle_cohort(core, clock)


async def said(cohort: Cohort, name: str, line: str) -> str:
    return (await cohort.text(name, line)).replace("**", "")


def got(cohort: Cohort, name: str) -> str:
    return cohort.received(name).replace("**", "")


def text_of(replies: list[Reply]) -> str:
    return without_markers("\n".join(
        r.markdown if isinstance(r, Text) else "\n".join([r.title, *r.sections])
        if isinstance(r, Card) else repr(r) for r in replies)).replace("**", "")


async def approved(cohort: Cohort) -> str:
    """Match and approve all; the circle's id."""
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    async with cohort.core.store.session() as s:
        return str(await s.scalar(select(Tandem.id)))


async def test_a_circle_from_sign_up_to_active(cohort: Cohort) -> None:
    # A mentee whose wish no mentor teaches is left out, and told why after approval.
    await cohort.signup("cfo", "mentee", "executive", "Finanzen", ["careers"], None)
    [card] = await cohort.send("hr", "match")
    shown = text_of([card])
    assert "A. Ana, Ben, Cem (mentors) ↔ Ceo (mentee)" in shown
    assert "shared topics: AI in everyday work, New tools · 4 departments" in shown
    assert "Ceo wants AI in everyday work (Ana, Ben, Cem); New tools (Ana, Cem)" in shown
    assert "Cfo (mentee): no mentor offers Career expectations" in shown
    assert isinstance(card, Card)
    assert [b.label for b in card.buttons] == ["Approve A", "Reject A", "Approve all"]

    [done] = await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert "Approved 1 circle(s): #1. Everyone in each circle was introduced" in text_of([done])
    async with cohort.core.store.session() as s:
        tandem = await s.scalar(select(Tandem))
        assert tandem is not None and tandem.format == "group"
        people = {m.person_id: m.role for m in tandem.members}
        assert sorted(people.values()) == ["mentee", "mentor", "mentor", "mentor"]
    for name in ("ceo", *JUNIORS):
        intro = got(cohort, name)
        assert intro.count("Your circle in Reverse Mentoring 2027") == 1
        assert ("Meet your circle: Ana (Technik), Ben (Marketing), Cem (Personal) as mentors "
                "and Ceo (Vorstand) as mentee. You share: AI in everyday work, New tools.") \
            in intro
        assert "no one junior carries a session alone" in intro
        assert "what is said in the circle stays in the circle" in intro
    told = cohort.received("cfo")
    assert "could not find a fitting circle for you" in told and "Ana" not in told

    status = await said(cohort, "ceo", "status")
    assert "Your circle #1 with Ana, Ben, Cem (mentors) is in its kick-off" in status
    assert "you record 1–3 learning goals" in status and "Your circle's kick-off" in status
    status = await said(cohort, "ana", "status")
    assert "Your circle #1 with Ben, Cem (mentors) and Ceo (mentee) is in its kick-off" in status
    assert "Ceo records 1–3 learning goals" in status

    # Everyone but Cem confirms the rules; the mentee sets the goals; Ana proposes the cadence.
    for name in ("ceo", "ana", "ben"):
        await cohort.click(name, "kickoff.rules", "1")
    [form] = await cohort.click("ceo", "kickoff.goals", "1")
    assert isinstance(form, Form)
    await cohort.submit("ceo", "goals:1", {"goal1": "Use AI assistants daily"})
    for name in JUNIORS:
        assert "Ceo set your circle's learning goals" in got(cohort, name)
    [form] = await cohort.click("ana", "kickoff.cadence", "1")
    assert isinstance(form, Form) and "Everyone else in it will be asked" in form.intro
    await cohort.submit("ana", "cadence:1", {"days": "14", "minutes": "60", "mode": "video"})
    for name in ("ben", "cem", "ceo"):
        assert "Ana proposes to meet every 14 days for 60 minutes (video)" in got(cohort, name)
    for name in ("ben", "ceo", "cem"):
        out = text_of(await cohort.click(name, "kickoff.cadence_ok", "1"))
        wanted = "you confirm" if name == "cem" else "Cem confirms"
        assert "Still missing" in out and f"{wanted} the ground rules" in out
    assert "is active" not in cohort.received("ceo")
    # The last member's agreement makes it active: one message for the whole circle.
    out = text_of(await cohort.click("cem", "kickoff.rules", "1"))
    assert "Everything is agreed: your circle is now active." in out
    for name in ("ceo", *JUNIORS):
        assert got(cohort, name).count("Your circle is active! Goals: Use AI assistants "
                                       "daily. You meet as a group every 14 days") == 1
    status = await said(cohort, "ceo", "status")
    assert "Your circle #1 with Ana, Ben, Cem (mentors) is active: every 14 days" in status
    listing = await said(cohort, "hr", "tandems")
    assert "#1 Ana, Ben, Cem (mentors) ↔ Ceo (mentee): active, every 14 days (video)" in listing
    # Someone outside the circle cannot act on it.
    assert "not part of" in text_of(await cohort.click("cfo", "kickoff.rules", "1"))


async def test_a_mentor_leaving_keeps_the_circle_the_last_mentee_ends_it(cohort: Cohort) -> None:
    tid = await approved(cohort)
    [confirm] = await cohort.send("ben", "leave")
    assert "your circle with Ana, Cem, Ceo goes on without you" in text_of([confirm])
    await cohort.click("ben", "leave.confirm", button(confirm, "leave.confirm"))
    for name in ("ana", "cem", "ceo"):
        assert ("A member of your circle has left Reverse Mentoring 2027. Your circle goes on "
                "with") in got(cohort, name)
    assert "circle #1 left the program; the circle goes on" in got(cohort, "hr")
    status = await said(cohort, "ceo", "status")
    assert "Your circle #1 with Ana, Cem (mentors) is in its kick-off" in status
    assert f"#{tid} Ana, Cem (mentors) ↔ Ceo (mentee)" in await said(cohort, "hr", "tandems")

    [confirm] = await cohort.send("ceo", "leave")
    assert "your circle with Ana, Cem ends, because it needs both a mentor and a mentee" in \
        text_of([confirm])
    await cohort.click("ceo", "leave.confirm", button(confirm, "leave.confirm"))
    for name in ("ana", "cem"):
        assert "Without both a mentor and a mentee the circle cannot go on, so it has ended" \
            in got(cohort, name)
        assert "You are waiting for a circle." in await said(cohort, name, "status")
    assert "the circle no longer has both a mentor and a mentee" in got(cohort, "hr")
    async with cohort.core.store.session() as s:
        tandem = await s.get(Tandem, int(tid))
        assert tandem is not None and tandem.status == "dissolved"


async def test_rejecting_a_circle_records_each_mentor_mentee_pair(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    [head, again] = await cohort.click("hr", "match.reject", button(card, "match.reject"))
    assert "Its mentors and mentees will not be proposed together again" in text_of([head])
    # These three were the only mentors: no circle for Ceo now, and the card says why.
    shown = text_of([again])
    assert "No tandem can be proposed right now." in shown
    assert "Ceo (mentee): mentors who offer these topics: 3, of them 3 rejected" in shown
    async with cohort.core.store.session() as s:
        rows = (await s.scalars(select(RejectedPair))).all()
    assert sorted((r.mentor_key, r.mentee_key) for r in rows) == [
        (f"console:{m}", "console:ceo") for m in sorted(JUNIORS)]


async def test_double_clicks_and_stale_cards_change_nothing(cohort: Cohort) -> None:
    # A card from before someone joined is out of date.
    [old] = await cohort.send("hr", "match")
    await cohort.signup("dora", "mentor", "junior", "Vertrieb", ["ai"], None)
    assert "out of date" in text_of(await cohort.click("hr", "match.approve",
                                                       button(old, "match.approve")))
    [card] = await cohort.send("hr", "match")
    approve = button(card, "match.approve")
    assert "Approved 1 circle(s): #1" in text_of(await cohort.click("hr", "match.approve",
                                                                    approve))
    assert "This circle was already approved: it is tandem #1" in text_of(
        await cohort.click("hr", "match.approve", approve))
    assert "already decided; approved: #1" in text_of(
        await cohort.click("hr", "match.approve_all", button(card, "match.approve_all")))
    async with cohort.core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Tandem)) == 1


async def test_too_few_mentors_for_a_circle_is_said_as_such(core: TandemCore,
                                                            clock: FakeClock) -> None:
    two = {k: v for k, v in JUNIORS.items() if k != "cem"}
    cohort = await circle_cohort(core, clock, two)
    shown = text_of(await cohort.send("hr", "match"))
    assert "No tandem can be proposed right now." in shown
    assert ("Ceo (mentee): mentors who offer these topics: 2, of them 2 who fit them, fewer "
            "than the 3 a circle needs") in shown


@pytest.mark.parametrize(("german", "meet", "goes_on"), [
    ("sie", "Darf ich vorstellen – Ihr Kreis: Ana (Technik), Ben (Marketing), Cem (Personal) "
            "als Mentor/innen und Ceo (Vorstand) als Mentee.",
     "Sie treffen sich als eine Gruppe, im Gesprächsformat"),
    ("du", "Darf ich vorstellen – dein Kreis: Ana (Technik), Ben (Marketing), Cem (Personal) "
           "als Mentor/innen und Ceo (Vorstand) als Mentee.",
     "Ihr trefft euch als eine Gruppe, im Gesprächsformat"),
])
async def test_a_german_circle_is_introduced_in_its_own_form_of_address(
        store: Store, program: Program, clock: FakeClock, german: str, meet: str,
        goes_on: str) -> None:
    core = TandemCore(store, replace(program, german=german), clock)
    await core.start()
    cohort = Cohort(core, clock)
    for name, (level, dept, topics) in {"ceo": ("executive", "Vorstand", ["ai", "tools"]),
                                        **JUNIORS}.items():
        await cohort.send(name, FormSubmitted(cohort.actor(name, "de"), "signup", {
            "role": "mentee" if name == "ceo" else "mentor", "topics": topics,
            "department": dept, "languages": ["de"], "timezone": "Europe/Berlin",
            "level": level, "consent": ["yes"]}))
    [card] = await cohort.send("hr", "match", "de")  # the card in the reader's language
    shown = text_of([card])
    assert "A. Ana, Ben, Cem (Mentor/innen) ↔ Ceo (Mentee)" in shown
    assert "gemeinsame Themen: KI im Arbeitsalltag, Neue Tools · 4 Abteilungen" in shown
    assert "Ceo wünscht sich KI im Arbeitsalltag (Ana, Ben, Cem); Neue Tools (Ana, Cem)" in shown
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    for name in ("ceo", *JUNIORS):
        intro = got(cohort, name)
        assert meet in intro and goes_on in intro
        assert "Was im Kreis besprochen wird, bleibt im Kreis." in intro
        assert "Meet your" not in intro


async def test_a_circle_slow_to_kick_off_is_nudged_each_member_then_escalated(
        cohort: Cohort, clock: FakeClock) -> None:
    await approved(cohort)
    await cohort.click("ceo", "kickoff.rules", "1")
    clock.advance(timedelta(days=10, minutes=1))  # a Saturday: the nudges wait for Monday
    await cohort.tick()
    assert "started 10 days ago" not in got(cohort, "ceo")
    clock.advance(timedelta(days=2))
    await cohort.tick()
    await cohort.tick()  # a second tick sends nothing twice
    for name, others in (("ceo", "Ana, Ben, Cem (mentors)"),
                         ("ana", "Ben, Cem (mentors) and Ceo (mentee)")):
        nudge = got(cohort, name)
        assert nudge.count(f"Your circle with {others} started 10 days ago and is not active "
                           "yet") == 1
        assert "Your circle's kick-off" in nudge
    assert "you confirm the ground rules" in got(cohort, "ben")
    assert "you confirm the ground rules" not in got(cohort, "ceo")
    clock.advance(timedelta(days=8))  # Tuesday, 20 days after approval
    await cohort.tick()
    assert ("Tandem #1 (Ana, Ben, Cem ↔ Ceo) is still not active 20 days after approval"
            in got(cohort, "hr"))


async def test_two_circles_on_one_card_are_approved_one_after_the_other(
        core: TandemCore, clock: FakeClock) -> None:
    cohort = Cohort(core, clock)
    # One circle speaks German, one English: the mentees cannot share a circle.
    for mentee, language, mentors in (("ceo", "de", ("ana", "ben", "cem")),
                                      ("cfo", "en", ("dora", "eli", "fin"))):
        await cohort.signup(mentee, "mentee", "executive", "Vorstand", ["ai"], None,
                            languages=(language,))
        for name in mentors:
            await cohort.signup(name, "mentor", "junior", f"Team {name}", ["ai"], None,
                                languages=(language,))
    [card] = await cohort.send("hr", "match")
    shown = text_of([card])
    assert "A. Ana, Ben, Cem (mentors) ↔ Ceo (mentee)" in shown
    assert "B. Dora, Eli, Fin (mentors) ↔ Cfo (mentee)" in shown
    assert "languages: German" in shown and "languages: English" in shown
    first, second = (button(card, "match.approve", n) for n in (0, 1))
    assert "Approved 1 circle(s): #1" in text_of(await cohort.click("hr", "match.approve",
                                                                    first))
    # The first approval changed the pool only by its own circle: the card still holds.
    assert "Approved 1 circle(s): #2" in text_of(await cohort.click("hr", "match.approve",
                                                                    second))
    assert "already decided; approved: #1, #2" in text_of(
        await cohort.click("hr", "match.approve_all", button(card, "match.approve_all")))
    assert "Meet your circle" in got(cohort, "fin") and "Meet your circle" in got(cohort, "ceo")


async def test_dissolving_a_circle_tells_everyone_in_it(cohort: Cohort) -> None:
    tid = await approved(cohort)
    [confirm] = await cohort.send("hr", f"dissolve {tid}")
    assert "everyone goes back to the waiting list; its mentors and mentees will not be" \
        in text_of([confirm])
    [out] = await cohort.click("hr", "tandems.dissolve", button(confirm, "tandems.dissolve"))
    assert "Everyone in the circle was told kindly" in text_of([out])
    for name in ("ceo", *JUNIORS):
        assert "The program coordination has ended your circle" in got(cohort, name)
    async with cohort.core.store.session() as s:
        assert len((await s.scalars(select(RejectedPair))).all()) == 3
