"""The group format's circles: hard rules for every pair inside, sizes, one shared language,
and the total against a brute-force reference on tiny cohorts."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.matching import MatchRules
from conversations.matching.circles import CircleResult, CircleSizes, match_circles

from .builders import mentee, mentor
from .reference import Reference, best_circles_total, circle_value
from .test_properties import Cohort, cohorts


@st.composite
def circle_sizes(draw: st.DrawFn) -> CircleSizes:
    lo_m = draw(st.integers(1, 2))
    lo_e = draw(st.integers(1, 2))
    return CircleSizes(mentors=(lo_m, lo_m + draw(st.integers(0, 1))),
                       mentees=(lo_e, lo_e + draw(st.integers(0, 1))))


def check_circles(result: CircleResult, cohort: Cohort, sizes: CircleSizes) -> None:
    people, org, rules = cohort
    ref, by_key = Reference(people, org, rules), {p.key: p for p in people}
    seated = Counter(k for c in result.circles for k in (*c.mentors, *c.mentees))
    assert all(n == 1 for n in seated.values())  # nobody sits in two circles
    for circle in result.circles:
        mentees = [by_key[k] for k in circle.mentees]
        mentors = [by_key[k] for k in circle.mentors]
        assert all(p.role == "mentee" for p in mentees)
        assert all(p.role == "mentor" for p in mentors)
        assert sizes.mentors[0] <= len(mentors) <= sizes.mentors[1]
        assert sizes.mentees[0] <= len(mentees) <= sizes.mentees[1]
        for e in mentees:
            for m in mentors:
                assert ref.broken(e, m) == set(), (circle, e.key, m.key)
        assert circle.languages and all(set(circle.languages) <= p.languages
                                        for p in (*mentees, *mentors))
        value = circle_value(ref, mentees, mentors)
        assert value is not None and circle.score == pytest.approx(value, abs=1e-4)
    unmatched = {u.key for u in result.unmatched}
    assert len(unmatched) == len(result.unmatched) and unmatched.isdisjoint(seated)
    assert unmatched | set(seated) == set(by_key)  # everyone left out is told why


# Half the 1:1 properties' examples: each example runs the solver and a brute-force
# reference, and the whole suite must stay under five minutes (×3 under CI=true).
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

@SETTINGS
@given(cohorts(max_people=8), circle_sizes())
def test_every_pair_in_every_circle_obeys_every_hard_rule(cohort: Cohort,
                                                          sizes: CircleSizes) -> None:
    check_circles(match_circles(*cohort, sizes=sizes), cohort, sizes)


@SETTINGS
@given(cohorts(max_people=7), circle_sizes())
def test_total_is_at_most_the_brute_force_optimum_which_the_bound_covers(
        cohort: Cohort, sizes: CircleSizes) -> None:
    people, org, rules = cohort
    ref = Reference(people, org, rules)
    usable = [p for p in people if ref.usable(p)]
    mentees = [p for p in usable if p.role == "mentee"][:3]
    mentors = [p for p in usable if p.role == "mentor"][:4]
    small = [*mentees, *mentors, *(p for p in people if not ref.usable(p))]
    result = match_circles(small, org, rules, sizes)
    best = best_circles_total(Reference(small, org, rules), mentees, mentors,
                              sizes.mentors, sizes.mentees)
    assert result.total_score <= best + 1e-4
    assert best <= result.upper_bound + 1e-4


@SETTINGS
@given(cohorts(), circle_sizes(), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(cohort: Cohort, sizes: CircleSizes,
                                                      rnd: object) -> None:
    people, org, rules = cohort
    first = match_circles(people, org, rules, sizes)
    shuffled = list(people)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert match_circles(shuffled, org, rules, sizes) == first


def test_three_juniors_with_one_senior_and_the_left_out_told_why() -> None:
    people = [mentor(f"m{i}", topics={"ai", "tools"}) for i in range(4)]
    people += [mentee("e1", topics={"ai", "tools"}), mentee("e2", topics={"tools"}),
               mentee("far", topics={"ai"}, languages={"fr"})]
    result = match_circles(people, sizes=CircleSizes(mentors=(3, 4), mentees=(1, 2)))
    [circle] = result.circles
    assert circle.mentors == ("m0", "m1", "m2", "m3") and circle.mentees == ("e1", "e2")
    assert circle.shared_topics == ("ai", "tools") and circle.languages == ("en",)
    assert {u.key: u.reason.value for u in result.unmatched} == {"far": "NO_SHARED_LANGUAGE"}


def test_a_mentor_in_the_mentees_reporting_line_never_joins_their_circle() -> None:
    people = [mentor(f"m{i}") for i in range(3)] + [mentor("report", manager="boss")]
    people += [mentee("boss"), mentee("other")]
    result = match_circles(people, sizes=CircleSizes(mentors=(1, 2), mentees=(1, 1)))
    inside = {(c.mentees[0], m) for c in result.circles for m in c.mentors}
    assert ("boss", "report") not in inside and len(result.circles) == 2


def test_too_few_mentors_for_any_circle_leaves_everyone_out() -> None:
    people = [mentor("m0"), mentor("m1"), mentee("e0"), mentee("e1")]
    result = match_circles(people, sizes=CircleSizes(mentors=(3, 4), mentees=(1, 2)))
    assert result.circles == () and len(result.unmatched) == 4
    assert result.total_score == 0.0


def test_scarce_mentors_share_two_mentees_rather_than_leave_one_out() -> None:
    people = [mentor(f"m{i}", topics={"ai"}) for i in range(3)]
    people += [mentee("e0"), mentee("e1")]
    result = match_circles(people, rules=MatchRules(),
                           sizes=CircleSizes(mentors=(3, 4), mentees=(1, 2)))
    assert [c.mentees for c in result.circles] == [("e0", "e1")]
