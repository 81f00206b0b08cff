"""The peer format in the console: sign-up without roles, matching in both directions, the
introduction and the kick-off to active; bad input, a program that switches to peer, and the
rules that still hold (reporting line, rejected pairs in either order)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.cohort import load_cohort
from conversations.core import TandemCore
from conversations.events import FormSubmitted
from conversations.flows.peer_matching import compute_peers
from conversations.program import Program
from conversations.replies import Card, Form, FormErrors, Reply, Text, Update, without_markers
from storage.db import Store
from storage.models import Enrollment, Person, RejectedPair, Tandem, TandemMember
from tests.flows.test_matching_kickoff import Cohort, button


@pytest.fixture
def program(program: Program) -> Program:
    return replace(program, format="peer")


def peer_answers(teach: list[str], learn: list[str], **more: Any) -> dict[str, Any]:
    return {"topics": teach, "wants": learn, "languages": ["de", "en"],
            "timezone": "Europe/Berlin", "consent": ["yes"], **more}


async def join(c: Cohort, name: str, teach: list[str], learn: list[str], **more: Any) -> str:
    [form] = await c.send(name, "join")
    assert isinstance(form, Form)
    replies = await c.submit(name, "signup", peer_answers(teach, learn, **more))
    return plain(replies[-1].markdown)  # type: ignore[union-attr]


def plain(text: str) -> str:
    return without_markers(text).replace("**", "")


async def text(c: Cohort, name: str, line: str, locale: str = "en") -> str:
    return plain(await c.text(name, line, locale))


def text_of(replies: list[Reply]) -> str:
    return plain("\n".join(
        r.markdown if isinstance(r, Text) else "\n".join([r.title, *r.sections])
        if isinstance(r, Card) else repr(r) for r in replies))


async def _enrollment(session: Any, name: str) -> Enrollment | None:
    return await session.scalar(select(Enrollment).join(Person, Person.id == Enrollment.person_id)
                                .where(Person.key == f"console:{name}"))


async def test_peers_sign_up_match_and_kick_off_to_active(core: TandemCore,
                                                          clock: FakeClock) -> None:
    c = Cohort(core, clock)
    [form] = await c.send("ana", "join")
    assert isinstance(form, Form)
    ids = [f.id for f in form.fields]
    assert "role" not in ids and "level" not in ids and {"topics", "wants"} <= set(ids)
    assert "teach each other" in without_markers(form.intro)
    welcome = plain((await c.submit("ana", "signup", peer_answers(
        ["culture"], ["ai"], department="Vorstand")))[-1].markdown)  # type: ignore[union-attr]
    assert "You teach: Team culture from the junior's view. You want to learn: AI in everyday " \
           "work." in welcome
    await join(c, "ben", ["ai", "tools"], ["culture"], department="Technik")
    await join(c, "cem", ["social"], ["careers"])
    row = await _enrollment_of(core, "ana")
    assert (row.role, row.topics, row.wants) == ("peer", ["culture"], ["ai"])

    overview = await text(c, "hr", "status")
    assert "Signed up: peers 3" in overview and "Waiting for a tandem: peers 3" in overview
    status = await text(c, "ana", "status")
    assert "you take part as peer" in status
    assert "You teach: Team culture from the junior's view" in status
    assert "You want to learn: AI in everyday work" in status

    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    shown = plain("\n".join(card.sections))
    assert "A. Ana ↔ Ben (peers)" in shown
    assert "Ana teaches Ben: Team culture from the junior's view" in shown
    assert "Ben teaches Ana: AI in everyday work" in shown
    assert "Cem (peer): nobody teaches what they want to learn (Career expectations)" in shown

    [done] = await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert isinstance(done, Update) and isinstance(done.body, Text)  # the card is spent
    assert "Approved 1 tandem(s): #1" in done.body.markdown
    async with core.store.session() as s:
        roles = sorted((await s.execute(select(TandemMember.role))).scalars())
        assert roles == ["peer", "peer"]
    for name in ("ana", "ben"):
        intro = plain(c.received(name))
        assert "you both teach and learn, taking turns" in intro
        assert "Ana shows Ben Team culture from the junior's view, and Ben shows Ana AI in " \
               "everyday work" in intro
        assert "whoever teaches is the expert" in intro
        assert "Ana and Ben record 1–3 learning goals together" in intro
    assert "Nobody currently teaches what you want to learn (Career expectations)" \
        in c.received("cem")

    status = await text(c, "ben", "status")
    assert "you or Ana record 1–3 learning goals" in status and "Ben or" not in status
    await c.click("ana", "kickoff.rules", "1")
    await c.click("ben", "kickoff.rules", "1")
    [goals] = await c.click("ben", "kickoff.goals", "1")
    assert isinstance(goals, Form) and "each of you" in goals.intro
    await c.submit("ben", "goals:1", {"goal1": "Ana: use AI daily", "goal2": "Ben: lead a team"})
    assert "set your tandem's learning goals" in c.received("ana")
    await c.submit("ana", "cadence:1", {"days": "14", "minutes": "45", "mode": "video"})
    replies = await c.click("ben", "kickoff.cadence_ok", "1")
    assert "your tandem is now active" in text_of(replies)
    assert "Your tandem is active!" in c.received("ana")
    assert "is active: every 14 days, 45 minutes (video)" in await text(c, "ana", "status")
    assert "#1 Ana ↔ Ben (peers): active, every 14 days (video)" in await text(c, "hr", "tandems")


async def _enrollment_of(core: TandemCore, name: str) -> Enrollment:
    async with core.store.session() as s:
        row = await _enrollment(s, name)
    assert row is not None
    return row


async def test_nothing_to_learn_is_refused_next_to_the_field(core: TandemCore,
                                                             clock: FakeClock) -> None:
    c = Cohort(core, clock)
    await c.send("ana", "join")
    [errors] = await c.submit("ana", "signup", peer_answers(["ai"], []))
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"wants"}
    assert errors.errors["wants"] == "Please choose at least one topic you want to learn."
    assert errors.form is not None and errors.form.fields[0].initial == ("ai",)
    [errors] = await c.send("ana", FormSubmitted(c.actor("ana", "de"), "signup",
                                                 peer_answers([], ["astrology"])))
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"topics", "wants"}
    assert errors.errors["topics"] == ("Bitte wählen Sie mindestens ein Thema, das Sie "
                                       "vermitteln können.")
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Enrollment)) == 0


async def test_a_senior_may_teach_a_junior_but_a_reporting_line_still_blocks(
        core: TandemCore, clock: FakeClock) -> None:
    # Levels from HR's import: with reverse = "required" no 1:1 tandem could pair them both
    # ways; peers ignore the rule. Dora reports to Ana: never paired, whatever they teach.
    assert core.program.matching.reverse == "required"
    async with core.store.unit() as repos:
        for name, level in (("ana", "executive"), ("ben", "apprentice"), ("dora", "junior")):
            await repos.directory.upsert(person_key=f"console:{name}", email=None,
                                         now=clock.now(), level=level)
    c = Cohort(core, clock)
    await join(c, "ana", ["culture"], ["ai"])
    await join(c, "dora", ["ai"], ["culture"], manager="console:ana")
    [card] = await c.send("hr", "match")
    shown = plain("\n".join(card.sections))  # type: ignore[union-attr]
    assert "No tandem can be proposed right now." in shown
    assert "people who teach what they want to learn: 1, of them 1 in a direct reporting " \
           "line with them" in shown
    await join(c, "ben", ["ai"], ["culture"])
    [card] = await c.send("hr", "match")
    shown = plain("\n".join(card.sections))  # type: ignore[union-attr]
    assert "Ana ↔ Ben (peers)" in shown and "Dora" in shown and "Ana ↔ Dora" not in shown


async def test_a_rejected_peer_pair_is_stored_in_key_order_and_found_either_way(
        core: TandemCore, clock: FakeClock) -> None:
    c = Cohort(core, clock)
    await join(c, "zoe", ["culture"], ["ai"])
    await join(c, "ben", ["ai"], ["culture"])
    [card] = await c.send("hr", "match")
    replies = await c.click("hr", "match.reject", button(card, "match.reject"))
    assert "No tandem can be proposed right now." in text_of(replies)
    async with core.store.session() as s:
        rows = (await s.execute(select(RejectedPair.mentor_key, RejectedPair.mentee_key))).all()
    assert [tuple(r) for r in rows] == [("console:ben", "console:zoe")]
    assert core.program_id is not None
    async with core.store.unit() as repos:
        cohort = await load_cohort(repos, core.program, core.program_id, clock.now())
    for stored in ({("console:ben", "console:zoe")}, {("console:zoe", "console:ben")}):
        result, _ = compute_peers(replace(cohort, rules=replace(cohort.rules,
                                                                  rejected_pairs=stored)))
        assert result.pairs == ()
    result, _ = compute_peers(replace(cohort, rules=replace(cohort.rules,
                                                              rejected_pairs=frozenset())))
    assert [(p.a, p.b) for p in result.pairs] == [("console:ben", "console:zoe")]


async def test_a_program_that_switches_to_peer_asks_earlier_sign_ups_what_they_want(
        store: Store, program: Program, clock: FakeClock) -> None:
    one_to_one = TandemCore(store, replace(program, format="one_to_one"), clock)
    await one_to_one.start()
    before = Cohort(one_to_one, clock)
    await before.signup("jonas", "mentor", "junior", "Technik", ["ai", "tools"], None)
    await before.signup("erika", "mentee", "executive", "Vorstand", ["culture"], None)

    core = TandemCore(store, program, clock)  # the program file now says format = "peer"
    await core.start()
    c = Cohort(core, clock)
    await join(c, "mia", ["culture"], ["ai"])
    overview = await text(c, "hr", "status")
    assert "Signed up: peers 1" in overview
    assert "before the program became peer-to-peer (not matched until they add what they want " \
           "to learn): 2" in overview
    [card] = await c.send("hr", "match")
    shown = plain("\n".join(card.sections))  # type: ignore[union-attr]
    assert "No tandem can be proposed right now." in shown
    assert "Jonas (mentor): signed up before the program became peer-to-peer and has not " \
           "said what they want to learn; they are asked to type `join`" in shown
    assert "Type `join` to add what you want to learn" in await text(c, "jonas", "status")

    replies = await c.send("jonas", "join")
    assert "The program now pairs peers" in text_of(replies)
    form = replies[-1]
    assert isinstance(form, Form)
    initial = {f.id: f.initial for f in form.fields}
    assert initial["topics"] == ("ai", "tools") and initial["wants"] is None
    assert initial["department"] == "Technik"
    [errors] = await c.submit("jonas", "signup", peer_answers(["ai"], []))
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"wants"}
    replies = await c.send("jonas", FormSubmitted(c.actor("jonas"), "signup",
                                                  peer_answers(["ai", "tools"], ["culture"])))
    assert "You teach: AI in everyday work, New tools. You want to learn: Team culture" \
        in text_of(replies)
    row = await _enrollment_of(core, "jonas")
    assert (row.role, row.topics, row.wants, row.status) == ("peer", ["ai", "tools"],
                                                             ["culture"], "active")
    # A mentee's topics were what she wanted to learn: offered as such.
    [_, form] = await c.send("erika", "join")
    initial = {f.id: f.initial for f in form.fields}  # type: ignore[union-attr]
    assert initial["topics"] is None and initial["wants"] == ("culture",)

    [card] = await c.send("hr", "match")
    shown = plain("\n".join(card.sections))  # type: ignore[union-attr]
    assert "Jonas ↔ Mia (peers)" in shown
    [done] = await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert isinstance(done, Update) and isinstance(done.body, Text)  # the card is spent
    assert "Approved 1 tandem(s)" in done.body.markdown
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Tandem)) == 1
    # Once in a tandem, `join` is a sign-up as it always was.
    assert "already signed up as peer" in await text(c, "jonas", "join")


async def test_peers_in_german_are_introduced_in_german(core: TandemCore,
                                                        clock: FakeClock) -> None:
    c = Cohort(core, clock)
    for name, teach, learn in (("ana", ["culture"], ["ai"]), ("ben", ["ai"], ["culture"])):
        await c.send(name, "join", "de")
        replies = await c.send(name, FormSubmitted(c.actor(name, "de"), "signup",
                                                   peer_answers(teach, learn)), "de")
        assert "Sie möchten lernen:" in text_of(replies)
    [card] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    intro = plain(c.received("ana"))
    assert "Hier lernen und lehren Sie beide, abwechselnd: Ana zeigt Ben Teamkultur aus Sicht " \
           "der Jungen, und Ben zeigt Ana KI im Arbeitsalltag." in intro
    assert "Ana und Ben halten gemeinsam 1–3 Lernziele fest" in intro
    status = await text(c, "ben", "status", "de")
    assert "Sie vermitteln: KI im Arbeitsalltag" in status
    assert "Sie möchten lernen: Teamkultur aus Sicht der Jungen" in status
    assert "1–3 Lernziele von Ihnen oder Ana" in status


def test_the_unmatched_are_told_in_peer_words(program: Program) -> None:
    from conversations.flows.match_wording import unmatched_for_coordinator, unmatched_for_person
    from conversations.i18n import Translator
    from conversations.matching import Candidate
    from conversations.matching.peers import match_peers

    def peer(key: str, teach: set[str], languages: set[str] = frozenset({"de"})) -> Candidate:
        return Candidate(key=key, role="mentee", topics=frozenset(teach),
                         languages=frozenset(languages))

    people = [peer("ana", {"culture"}), peer("ben", {"ai"}),
              peer("dan", {"social"}),  # ben teaches him, nobody wants what he teaches
              peer("eve", {"tools"}, {"en"}),  # wants what ana teaches, no shared language
              peer("fay", {"devex"})]  # wants what nobody teaches
    wants = {"ana": frozenset({"ai"}), "ben": frozenset({"culture"}),
             "dan": frozenset({"ai"}), "eve": frozenset({"culture"}),
             "fay": frozenset({"careers"})}
    result = match_peers(people, wants)
    assert [(p.a, p.b) for p in result.pairs] == [("ana", "ben")]
    t = Translator("en", "sie")
    told = {u.key: (unmatched_for_person(u.reason.value, dict(u.params), program, t),
                    unmatched_for_coordinator(u.reason.value, dict(u.params), program, t,
                                              "peer")) for u in result.unmatched}
    assert told["dan"] == (
        "Nobody who teaches what you want to learn currently wants to learn what you teach "
        "(Social media).",
        "nobody who teaches what they want to learn wants to learn what they teach "
        "(Social media)")
    assert told["eve"] == (
        "Nobody who could teach you or learn from you currently shares one of your languages.",
        "people who teach what they want to learn: 1, of them 1 without a shared language")
    assert told["fay"] == ("Nobody currently teaches what you want to learn (Career "
                           "expectations).", "nobody teaches what they want to learn (Career "
                           "expectations)")
    assert not any("other role" in text for pair in told.values() for text in pair)
