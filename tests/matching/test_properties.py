"""Property-based checks on random cohorts against the plain-Python reference."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.matching import (
    Candidate,
    MatchResult,
    MatchRules,
    OrgChart,
    greedy_match,
    match_cohort,
)

from .reference import Reference

KEYS = [f"p{i}" for i in range(8)]
OUTSIDERS = ["boss", "lead", "ceo"]  # in the org chart, never signed up
EVERYONE = KEYS + OUTSIDERS
HOURS = [(9, 17), (8, 16), (13, 21), (22, 6), (0, 24), (20, 4)]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"]
INSTANTS = [datetime(2025, 1, 15, 12, tzinfo=UTC), datetime(2025, 7, 15, 3, tzinfo=UTC)]
WEIGHTS = st.sampled_from([0.0, 0.1, 0.3, 0.5, 1.0])

Cohort = tuple[list[Candidate], OrgChart, MatchRules]


@st.composite
def cohorts(draw: st.DrawFn, max_people: int = 8) -> Cohort:
    keys = draw(st.permutations(KEYS))[: draw(st.integers(0, max_people))]
    people = [
        Candidate(
            key=key,
            role=draw(st.sampled_from(["mentor", "mentee"])),
            topics=draw(st.frozensets(st.sampled_from("abcd"), max_size=3)),
            department=draw(st.sampled_from([None, "x", "y"])),
            languages=draw(st.frozensets(st.sampled_from(["en", "en", "de", "fr"]), max_size=2)),
            timezone=draw(st.sampled_from(ZONES)),
            working_hours=draw(st.sampled_from(HOURS)),
            level=draw(st.one_of(st.none(), st.integers(0, 4))),
            manager=draw(st.one_of(st.none(), st.sampled_from(EVERYONE))),
            cost_center=draw(st.sampled_from([None, None, "c1", "c2"])),
            never_match=draw(st.frozensets(st.sampled_from(EVERYONE), max_size=2)),
            capacity=draw(st.integers(0, 3)),
            available=draw(st.sampled_from([True, True, True, False])),
        )
        for key in keys
    ]
    org = OrgChart(draw(st.dictionaries(st.sampled_from(EVERYONE), st.sampled_from(EVERYONE),
                                        max_size=8)))
    rules = MatchRules(
        chain_depth=draw(st.integers(0, 3)),
        reverse=draw(st.sampled_from(["required", "preferred", "off"])),
        min_level_gap=draw(st.integers(0, 2)),
        conflict_groups=tuple(draw(st.lists(
            st.frozensets(st.sampled_from(EVERYONE), min_size=2, max_size=3), max_size=2))),
        conflict_on_same_cost_center=draw(st.booleans()),
        group_size=draw(st.integers(1, 3)),
        w_topics=draw(st.sampled_from([0.1, 0.5, 1.0, 2.0])),
        w_department=draw(WEIGHTS),
        w_timezone=draw(WEIGHTS),
        w_reverse_preferred=draw(WEIGHTS),
        rejected_pairs=draw(st.frozensets(st.tuples(st.sampled_from(KEYS),
                                                    st.sampled_from(KEYS)), max_size=3)),
        reference_utc=draw(st.sampled_from(INSTANTS)),
    )
    return people, org, rules


def check_proposals(result: MatchResult, cohort: Cohort) -> None:
    people, org, rules = cohort
    ref, by_key = Reference(people, org, rules), {p.key: p for p in people}
    for proposal in result.proposals:
        mentee, mentor = by_key[proposal.mentee], by_key[proposal.mentor]
        assert ref.broken(mentee, mentor) == set(), proposal
        assert proposal.score == pytest.approx(ref.score(mentee, mentor), abs=1e-5)
    assert all(n == 1 for n in Counter(p.mentee for p in result.proposals).values())
    for key, n in Counter(p.mentor for p in result.proposals).items():
        assert n <= ref.capacity(by_key[key])


SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cohorts())
def test_no_hard_rule_is_ever_broken_and_scores_match_the_reference(cohort: Cohort) -> None:
    check_proposals(match_cohort(*cohort), cohort)
    check_proposals(greedy_match(*cohort), cohort)


@SETTINGS
@given(cohorts())
def test_total_is_optimal_and_never_below_greedy(cohort: Cohort) -> None:
    people, org, rules = cohort
    result = match_cohort(people, org, rules)
    assert result.total_score >= greedy_match(people, org, rules).total_score - 1e-6
    best = Reference(people, org, rules).best_total(
        [p for p in people if p.role == "mentee"], [p for p in people if p.role == "mentor"]
    )
    assert result.total_score == pytest.approx(best, abs=1e-4)


@SETTINGS
@given(cohorts(), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(cohort: Cohort, rnd: object) -> None:
    people, org, rules = cohort
    first = match_cohort(people, org, rules)
    assert match_cohort(people, org, rules) == first
    shuffled = list(people)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert match_cohort(shuffled, org, rules) == first
    assert greedy_match(shuffled, org, rules) == greedy_match(people, org, rules)


@SETTINGS
@given(cohorts())
def test_unmatched_reasons_match_the_reference(cohort: Cohort) -> None:
    """Every unmatched person's code and funnel (who offers the topics, which rule excluded
    each of them first, how many were feasible) equal the pair-by-pair reference."""
    people, org, rules = cohort
    ref = Reference(people, org, rules)
    result = match_cohort(people, org, rules)
    matched = {p.mentee for p in result.proposals} | {p.mentor for p in result.proposals}
    unmatched = {u.key: u for u in result.unmatched}
    assert len(unmatched) == len(result.unmatched)
    assert matched.isdisjoint(unmatched) and matched | set(unmatched) == {p.key for p in people}
    for person in people:
        if person.key in unmatched:
            got = unmatched[person.key]
            assert (got.reason.value, dict(got.params)) == ref.unmatched_reason(person), person
