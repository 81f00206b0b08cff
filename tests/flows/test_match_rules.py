"""Every hard rule, shown through the flows: the best-scoring pair is refused when it breaks one.

The engine's own tests check each rule in isolation; these check that the data reaches it
(sign-up form, HR import, program file, pauses, capacity) and that coordinators see why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.directory_import import import_people
from conversations.program import Program
from conversations.replies import without_markers
from storage.db import Store
from tests.flows.test_matching_kickoff import Cohort, button, proposals

CSV = """platform_id,name,email,department,manager,cost_center,level
console:boss,Big Boss,boss@example.org,Vorstand,,CC-1,executive
console:vp,Vera VP,vera@example.org,Technik,boss@example.org,CC-2,lead
,Team Lead,lead@example.org,Technik,vera@example.org,CC-3,senior
console:junior,Jo Junior,jo@example.org,Technik,lead@example.org,CC-3,junior
console:other,Olli Other,olli@example.org,Vertrieb,,CC-9,executive
console:cc,Cora Cost,cora@example.org,Einkauf,,CC-3,executive
"""


async def make(store: Store, program: Program, clock: FakeClock) -> Cohort:
    core = TandemCore(store, program, clock)
    await core.start()
    return Cohort(core, clock)


async def imported(c: Cohort) -> None:
    assert c.core.program_id is not None
    async with c.core.store.unit() as repos:
        report = await import_people(repos, c.core.program, CSV, c.clock.now())
    assert (report.created, report.rejected) == (6, [])


async def match_pairs(c: Cohort) -> tuple[list[tuple[str, str]], str]:
    [card] = await c.send("hr", "match")
    return proposals(card), without_markers("\n".join(card.sections))  # type: ignore[union-attr]


async def test_shared_reporting_chain_from_the_hr_import(store: Store, program: Program,
                                                         clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await imported(c)
    # Jo's chain: Team Lead → Vera (skip-level). Vera wants exactly what Jo teaches.
    await c.signup("junior", "mentor", "junior", "Technik", ["ai"], None)
    await c.signup("vp", "mentee", "lead", "Technik", ["ai"], None)
    pairs, text = await match_pairs(c)
    assert pairs == []
    assert ("Junior (mentor): mentees who want these topics: 1, of them 1 in the same "
            "reporting chain "
            "(within 2 levels)") in text
    # Someone outside the chain can be matched with Jo.
    await c.signup("other", "mentee", "executive", "Vertrieb", ["ai"], None)
    pairs, _ = await match_pairs(c)
    assert pairs == [("junior", "other")]


async def test_same_cost_center_is_a_conflict(store: Store, program: Program,
                                              clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await imported(c)
    await c.signup("junior", "mentor", "junior", "Technik", ["ai"], None)
    await c.signup("cc", "mentee", "executive", "Einkauf", ["ai"], None)  # CC-3 like Jo
    pairs, text = await match_pairs(c)
    assert pairs == []
    assert ("Cc (mentee): mentors who offer these topics: 1, of them 1 in the same cost "
            "centre") in text
    relaxed = replace(program, matching=replace(program.matching,
                                                same_cost_center_conflicts=False))
    c2 = await make(store, relaxed, clock)
    pairs, _ = await match_pairs(c2)
    assert pairs == [("junior", "cc")]


async def test_conflict_groups_from_the_program_file(store: Store, program: Program,
                                                     clock: FakeClock) -> None:
    grouped = replace(program, matching=replace(
        program.matching, conflict_groups=(frozenset({"console:m1", "console:e1"}),)))
    c = await make(store, grouped, clock)
    await c.signup("m1", "mentor", "junior", "A", ["ai"], None)
    await c.signup("m2", "mentor", "junior", "B", ["tools"], None)
    await c.signup("e1", "mentee", "lead", "C", ["ai", "tools"], None)
    pairs, _ = await match_pairs(c)
    assert pairs == [("m2", "e1")]  # m1 covers the same and more, but is in e1's group


async def test_direct_manager_from_the_sign_up_form(store: Store, program: Program,
                                                    clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await c.signup("m1", "mentor", "junior", "A", ["ai"], "console:e1")
    await c.signup("e1", "mentee", "lead", "B", ["ai"], None)
    pairs, text = await match_pairs(c)
    assert pairs == [] and "reporting line" in text


async def test_reverse_direction(store: Store, program: Program, clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await c.signup("old", "mentor", "executive", "A", ["ai"], None)
    await c.signup("young", "mentee", "junior", "B", ["ai"], None)
    pairs, text = await match_pairs(c)
    assert pairs == []
    assert ("Old (mentor): mentees who want these topics: 1, of them 1 not at least 1 "
            "level(s) more "
            "senior than them") in text
    assert ("Young (mentee): mentors who offer these topics: 1, of them 1 not at least 1 "
            "level(s) more "
            "junior than them") in text
    off = replace(program, matching=replace(program.matching, reverse="off"))
    pairs, _ = await match_pairs(await make(store, off, clock))
    assert pairs == [("old", "young")]


async def test_a_shared_language_is_required(store: Store, program: Program,
                                             clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await c.signup("en", "mentor", "apprentice", "C", ["tools"], None, languages=("en",))
    await c.signup("de", "mentee", "lead", "D", ["tools"], None, languages=("de",))
    pairs, text = await match_pairs(c)
    assert pairs == []
    assert ("En (mentor): mentees who want these topics: 1, of them 1 without a shared "
            "language") in text
    assert ("De (mentee): mentors who offer these topics: 1, of them 1 without a shared "
            "language") in text


async def test_paused_people_are_not_matched(store: Store, program: Program,
                                             clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await c.signup("m1", "mentor", "junior", "A", ["ai"], None)
    await c.signup("e1", "mentee", "lead", "B", ["ai"], None)
    await c.text("e1", "pause 2027-03-01")
    pairs, text = await match_pairs(c)
    assert pairs == [] and "E1 (mentee): on a break" in text
    [card] = await c.send("hr", "match")
    assert proposals(card) == []
    assert c.received("e1") == ""  # paused people get no "no partner" message


async def test_mentor_capacity_in_the_group_variant(store: Store, program: Program,
                                                    clock: FakeClock) -> None:
    group = replace(program, matching=replace(program.matching, group_size=2,
                                              mentor_capacity=2))
    c = await make(store, group, clock)
    await c.signup("m1", "mentor", "junior", "A", ["ai"], None)
    for name in ("e1", "e2", "e3"):
        await c.signup(name, "mentee", "lead", "B", ["ai"], None)
    [card] = await c.send("hr", "match")
    assert proposals(card) == [("m1", "e1"), ("m1", "e2")]
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert "could not find a fitting tandem partner" in c.received("e3")
    [again] = await c.send("hr", "match")
    assert proposals(again) == []  # m1 is full now


async def test_the_same_clock_same_data_same_proposals(store: Store, program: Program) -> None:
    clock = FakeClock(datetime(2027, 3, 30, 8, tzinfo=UTC))  # across a DST change
    c = await make(store, program, clock)
    for i in range(4):
        await c.signup(f"m{i}", "mentor", "junior", f"D{i}", ["ai", "tools"][: 1 + i % 2], None)
        await c.signup(f"e{i}", "mentee", "lead", f"E{i}", ["tools", "ai"][: 1 + i % 2], None)
    first, _ = await match_pairs(c)
    second, _ = await match_pairs(c)
    assert first == second and len(first) == 4


async def test_never_match_from_the_sign_up_form(store: Store, program: Program,
                                                 clock: FakeClock) -> None:
    c = await make(store, program, clock)
    replies = await c.submit("m1", "signup", {
        "role": "mentor", "topics": ["ai", "tools"], "level": "junior", "consent": ["yes"],
        "never_match": "console:e1"})
    assert "Welcome to" in replies[-1].markdown  # type: ignore[union-attr]
    await c.signup("m2", "mentor", "junior", "B", ["ai"], None)
    await c.signup("e1", "mentee", "lead", "C", ["ai", "tools"], None)
    pairs, _ = await match_pairs(c)
    assert pairs == [("m2", "e1")]  # m1 fits better but asked never to be paired with e1


async def test_never_match_by_a_typed_name_of_someone_signed_up(store: Store, program: Program,
                                                                 clock: FakeClock) -> None:
    c = await make(store, program, clock)
    await c.signup("e1", "mentee", "lead", "C", ["ai"], None)  # display name "E1"
    await c.submit("m1", "signup", {"role": "mentor", "topics": ["ai"], "level": "junior",
                                    "consent": ["yes"], "never_match": " e1 "})
    pairs, text = await match_pairs(c)
    assert pairs == []
    assert ('E1 (mentee): mentors who offer these topics: 1, of them 1 excluded by a '
            '"never pair me with" list') in text  # not whose list
