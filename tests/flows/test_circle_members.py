"""A circle (three mentors, one mentee) as a tandem of members: the kick-off needs everyone,
leaving keeps it going while it has a mentor and a mentee, dissolving tells everyone.

The circle is made directly from member rows here, so these tests hold whatever proposes it.
"""

from __future__ import annotations

from sqlalchemy import select

from conversations.aggregates import tandem as tandems
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.replies import Card, Text, without_markers
from storage.models import Person, RejectedPair, Tandem
from tests.flows.test_matching_kickoff import JUNIORS, Cohort

MENTORS = ("ana", "ben", "cem")


async def _circle(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int]:
    c = Cohort(core, clock)
    await c.signup("hrlead", "mentee", "lead", "Personal", ["culture", "onboarding"], None)
    for name in MENTORS:
        level, dept, topics, _manager = JUNIORS[name]
        await c.signup(name, "mentor", level, dept, topics, None)
    async with core.store.unit() as repos:
        people = {p.key.split(":")[1]: p for p in (await repos.session.scalars(
            select(Person))).all()}
        assert core.program_id is not None
        tandem = await repos.tandems.add(tandems.new(
            program_id=core.program_id, format="group", now=clock.now(), approved_by="hr",
            members=[*((people[n].id, "mentor") for n in MENTORS),
                     (people["hrlead"].id, "mentee")],
            shared_topics=["culture"], cadence_days=14, session_minutes=60))
        return c, tandem.id


def _texts(replies: list[object]) -> str:
    return without_markers("\n".join(r.markdown for r in replies if isinstance(r, Text)))


async def test_the_kickoff_needs_every_member_and_activates_once(core: TandemCore,
                                                                clock: FakeClock) -> None:
    c, tid = await _circle(core, clock)
    for name in ("ana", "ben", "hrlead"):
        replies = await c.click(name, "kickoff.rules", str(tid))
    assert "Cem confirms the ground rules" in _texts(replies)
    await c.submit("hrlead", f"goals:{tid}", {"goal1": "Onboard like our juniors do"})
    for name in MENTORS:
        assert "Hrlead set your circle's learning goals" in c.received(name)
    await c.submit("ana", f"cadence:{tid}", {"days": "21", "minutes": "60", "mode": "mixed"})
    for name in ("ben", "cem", "hrlead"):  # each of the others is asked to agree
        assert "Ana proposes to meet every 21 days" in c.received(name)
    assert "Ana proposes" not in c.received("ana")
    replies = await c.click("cem", "kickoff.rules", str(tid))
    todo = _texts(replies)
    assert "you agree to the cadence" in todo
    assert "Ben agrees to the cadence" in todo and "Hrlead agrees to the cadence" in todo
    for name in ("ben", "hrlead"):
        await c.click(name, "kickoff.cadence_ok", str(tid))
    replies = await c.click("cem", "kickoff.cadence_ok", str(tid))
    assert "your circle is now active" in _texts(replies)
    for name in (*MENTORS, "hrlead"):
        assert c.received(name).count("Your circle is active!") == 1
    status = await c.text("hrlead", "status")
    assert "with **Ana, Ben, Cem (mentors)** is active" in status


async def test_a_mentor_leaving_keeps_the_circle_and_tells_the_others(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await _circle(core, clock)
    [card] = await c.send("ben", "leave")
    assert isinstance(card, Card)
    assert "your circle with **Ana, Cem, Hrlead** goes on without you" in without_markers(
        "\n".join(card.sections))
    await c.click("ben", "leave.confirm", card.buttons[0].value)
    for name in ("ana", "cem", "hrlead"):
        assert "A member of your circle has left" in c.received(name)
        assert "goes on with Ana, Cem, Hrlead" in c.received(name)
    assert "Kreis #" in c.received("hr") and "geht weiter mit" in c.received("hr")
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "kickoff"
        assert [m.role for m in tandems.current(tandem)] == ["mentor", "mentor", "mentee"]
    overview = await c.text("hr", "tandems")
    assert "Ana, Cem (mentors) ↔ Hrlead (mentee" in overview
    assert "Ben" not in overview


async def test_the_last_mentee_leaving_ends_the_circle_for_everyone(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await _circle(core, clock)
    [card] = await c.send("hrlead", "leave")
    assert isinstance(card, Card)
    await c.click("hrlead", "leave.confirm", card.buttons[0].value)
    for name in MENTORS:
        assert "the circle cannot go on" in c.received(name)
    assert "nicht mehr Mentor/in und Mentee" in c.received("hr")  # hr reads German
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "dissolved"


async def test_dissolving_a_circle_tells_everyone_and_records_each_pair(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await _circle(core, clock)
    [card] = await c.send("hr", f"dissolve {tid}")
    assert isinstance(card, Card)
    assert "Ana, Ben, Cem ↔ Hrlead" in without_markers(card.title)
    assert "everyone in it (Ana, Ben, Cem, Hrlead) is told kindly" in without_markers(
        "\n".join(card.sections))
    replies = await c.click("hr", "tandems.dissolve", f"{tid}:no_fit")
    done = without_markers("\n".join(getattr(getattr(r, "body", r), "markdown", "")
                                      for r in replies))
    assert "Everyone in the circle was told kindly" in done
    for name in (*MENTORS, "hrlead"):
        assert "The program coordination has ended your circle" in c.received(name)
    async with core.store.session() as s:
        rejected = sorted((a, b) for a, b in (await s.execute(
            select(RejectedPair.mentor_key, RejectedPair.mentee_key))).all())
    assert rejected == [(f"console:{n}", "console:hrlead") for n in MENTORS]
