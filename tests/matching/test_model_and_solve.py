"""Input validation, the solver's handling of infeasible entries, and the greedy baseline."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from conversations.matching import Candidate, MatchRules, greedy_match, match_cohort
from conversations.matching.solve import greedy_assignment, optimal_assignment

from .builders import mentee, mentor, pairs


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "coordinator"},
        {"working_hours": (9, 9)},
        {"working_hours": (9, 25)},
        {"working_hours": (24, 0)},
        {"capacity": -1},
        {"level": -1},
    ],
)
def test_invalid_candidates_are_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Candidate(key="x", **{"role": "mentee", **fields})  # type: ignore[arg-type]


def test_sets_and_hours_may_be_given_as_any_sequence() -> None:
    person = Candidate(key="x", role="mentee", topics=["ai"], languages=("en",),  # type: ignore[arg-type]
                       working_hours=[8, 16])  # type: ignore[arg-type]
    assert person.topics == frozenset({"ai"}) and person.languages == frozenset({"en"})
    assert person.working_hours == (8, 16)
    hash(person)


@pytest.mark.parametrize(
    "fields",
    [
        {"w_topics": 0},
        {"w_department": -0.1},
        {"w_timezone": float("nan")},
        {"reverse": "sometimes"},
        {"chain_depth": -1},
        {"group_size": 0},
        {"reference_utc": datetime(2025, 1, 1)},  # naive: ambiguous
    ],
)
def test_invalid_rules_are_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        MatchRules(**fields)  # type: ignore[arg-type]


def test_duplicate_keys_and_unknown_time_zones_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        match_cohort([mentee("x"), mentor("x")])
    with pytest.raises(ValueError, match="time zone"):
        match_cohort([mentee("e", timezone="Mars/Olympus"), mentor("m")])


def test_empty_cohort() -> None:
    result = match_cohort([])
    assert (result.proposals, result.unmatched, result.total_score) == ((), (), 0.0)


def test_optimal_beats_greedy_where_greedy_is_short_sighted() -> None:
    # Greedy takes a-X (1.0) first and strands b; the optimum is a-Y + b-X = 1.7.
    score = np.array([[1.0, 0.9], [0.8, 0.0]], dtype=np.float32)
    capacity = np.array([1, 1])
    assert sorted(zip(*optimal_assignment(score, capacity), strict=True)) == [(0, 1), (1, 0)]
    assert sorted(zip(*greedy_assignment(score, capacity), strict=True)) == [(0, 0)]


def test_same_situation_through_the_public_api() -> None:
    people = [
        mentee("a", topics={"ai", "tools"}),
        mentee("b", topics={"ai", "culture"}),
        mentor("x", topics={"ai", "tools"}),
        mentor("y", topics={"tools"}),
    ]
    optimal, greedy = match_cohort(people), greedy_match(people)
    assert pairs(optimal) == {("x", "b"), ("y", "a")}
    assert pairs(greedy) == {("x", "a")}
    assert optimal.total_score > greedy.total_score


def test_infeasible_entries_are_never_assigned_even_to_complete_the_matrix() -> None:
    # Only one feasible pair; the solver must not fill the other rows with zeros.
    score = np.zeros((3, 3), dtype=np.float32)
    score[2, 1] = 0.5
    mentees, mentors = optimal_assignment(score, np.array([1, 1, 1]))
    assert list(zip(mentees, mentors, strict=True)) == [(2, 1)]


def test_capacity_slots_maximise_the_total_not_the_number_of_pairs() -> None:
    # Mentor 0 takes two mentees. 0.6 + 0.7 beats three pairs 0.5 + 0.6 + 0.1.
    score = np.array([[0.5, 0.0], [0.6, 0.0], [0.7, 0.1]], dtype=np.float32)
    mentees, mentors = optimal_assignment(score, np.array([2, 1]))
    assert sorted(zip(mentees.tolist(), mentors.tolist(), strict=True)) == [(1, 0), (2, 0)]
