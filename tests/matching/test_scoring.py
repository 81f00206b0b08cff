"""The soft score: topic coverage, different departments, working-hours overlap, reverse bonus."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.matching import MatchRules, match_cohort
from conversations.matching.hours import overlap_minutes

from .builders import mentee, mentor

ONLY_TOPICS = MatchRules(w_department=0, w_timezone=0)
JANUARY = datetime(2025, 1, 15, 12, tzinfo=UTC)
JULY = datetime(2025, 7, 15, 12, tzinfo=UTC)


def only_score(rules: MatchRules, **mentee_fields: object) -> float:
    result = match_cohort([mentee("e", **mentee_fields), mentor("m")], rules=rules)
    (proposal,) = result.proposals
    return proposal.score


def test_topic_term_is_the_share_of_the_mentees_wishes_covered() -> None:
    people = [mentee("e", topics={"ai", "onboarding", "culture", "tools"}),
              mentor("m", topics={"ai", "onboarding", "python", "rust", "go"})]
    (proposal,) = match_cohort(people, rules=ONLY_TOPICS).proposals
    assert proposal.score == pytest.approx(0.5)  # 2 of 4 wishes; mentor's extras cost nothing
    assert proposal.explanation.topic_coverage == 0.5
    assert proposal.explanation.shared_topics == ("ai", "onboarding")


def test_broader_coverage_wins() -> None:
    people = [mentee("e", topics={"ai", "tools"}),
              mentor("narrow", topics={"ai"}), mentor("broad", topics={"ai", "tools", "x"})]
    (proposal,) = match_cohort(people).proposals
    assert proposal.mentor == "broad"


def test_different_departments_earn_the_department_weight() -> None:
    rules = MatchRules(w_timezone=0, w_department=0.3)
    people = [mentee("e", department="sales"), mentor("same", department="sales"),
              mentor("other", department="engineering")]
    (proposal,) = match_cohort(people, rules=rules).proposals
    assert (proposal.mentor, proposal.score) == ("other", pytest.approx(1.3))
    assert proposal.explanation.departments_differ is True


def test_unknown_department_earns_nothing_and_is_reported_as_unknown() -> None:
    rules = MatchRules(w_timezone=0)
    result = match_cohort([mentee("e"), mentor("m", department="x")], rules=rules)
    (proposal,) = result.proposals
    assert proposal.score == pytest.approx(1.0)
    assert proposal.explanation.departments_differ is None


@pytest.mark.parametrize(
    ("zone", "hours", "instant", "expected"),
    [
        ("Europe/Berlin", (9, 17), JANUARY, 8.0),
        ("America/New_York", (9, 17), JANUARY, 2.0),  # Berlin 08-16 UTC, New York 14-22 UTC
        ("Asia/Kolkata", (9, 17), JANUARY, 3.5),  # half-hour offset
        ("Asia/Kolkata", (9, 17), JULY, 4.5),  # Berlin on summer time, Kolkata not
        ("Australia/Sydney", (9, 17), JANUARY, 0.0),
        ("Europe/Berlin", (22, 6), JANUARY, 0.0),  # night shift vs day shift
        ("Europe/Berlin", (15, 1), JANUARY, 2.0),  # across midnight
    ],
)
def test_working_hours_overlap_uses_offsets_at_the_reference_instant(
    zone: str, hours: tuple[int, int], instant: datetime, expected: float
) -> None:
    rules = MatchRules(reference_utc=instant, w_department=0, w_timezone=0.2)
    people = [mentee("e", timezone="Europe/Berlin"),
              mentor("m", timezone=zone, working_hours=hours)]
    (proposal,) = match_cohort(people, rules=rules).proposals
    assert proposal.explanation.overlap_hours == expected
    assert proposal.score == pytest.approx(1.0 + 0.2 * expected / 8)


def test_more_overlap_wins_when_topics_tie() -> None:
    people = [mentee("e", timezone="Europe/Berlin"),
              mentor("far", timezone="Asia/Tokyo"), mentor("near", timezone="Europe/London")]
    (proposal,) = match_cohort(people).proposals
    assert proposal.mentor == "near"


def test_reverse_preferred_bonus_only_with_both_levels_known() -> None:
    rules = MatchRules(reverse="preferred", w_reverse_preferred=0.25, w_timezone=0)
    assert only_score(rules) == pytest.approx(1.25)
    assert only_score(rules, level=None) == pytest.approx(1.0)
    assert only_score(rules, level=0) == pytest.approx(1.0)  # not junior enough: no bonus


def minute_set(start: int, length: int) -> set[int]:
    return {(start + k) % 1440 for k in range(length)}


@given(
    st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 1440)), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 1440)), min_size=1, max_size=4),
)
def test_overlap_minutes_matches_counting_minutes(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    start_a, length_a = (np.array(x, dtype=np.int64) for x in zip(*a, strict=True))
    start_b, length_b = (np.array(x, dtype=np.int64) for x in zip(*b, strict=True))
    got = overlap_minutes(start_a, length_a, start_b, length_b)
    for i, (sa, la) in enumerate(a):
        for j, (sb, lb) in enumerate(b):
            assert got[i, j] == len(minute_set(sa, la) & minute_set(sb, lb))
