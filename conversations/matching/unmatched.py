"""Why people stayed unmatched, computed per row/column without looking at single pairs.

The reason names the dominant blocker in general terms: the category of hard rules that
eliminated the most candidates (ties go to the earlier category below). Conflict-of-interest
rules are merged into one category so nobody learns whose never-match list blocked them.
If feasible partners existed but were all paired elsewhere, the reason is CAPACITY_EXHAUSTED.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .codes import RuleCode, UnmatchedCode
from .encode import Cohort
from .model import Candidate, MatchRules, Unmatched
from .rules import violations

# (rules in the category, code for a mentee, code for a mentor), in tie-break order.
_CATEGORIES: tuple[tuple[frozenset[RuleCode], UnmatchedCode, UnmatchedCode], ...] = (
    (
        frozenset({RuleCode.NO_SHARED_TOPIC}),
        UnmatchedCode.NO_MENTOR_FOR_TOPICS,
        UnmatchedCode.NO_MENTEE_FOR_TOPICS,
    ),
    (
        frozenset({RuleCode.NO_SHARED_LANGUAGE}),
        UnmatchedCode.NO_SHARED_LANGUAGE,
        UnmatchedCode.NO_SHARED_LANGUAGE,
    ),
    (
        frozenset({RuleCode.LEVEL_NOT_REVERSED}),
        UnmatchedCode.NO_JUNIOR_MENTOR,
        UnmatchedCode.NO_SENIOR_MENTEE,
    ),
    (
        frozenset({RuleCode.REPORTING_LINE, RuleCode.SHARED_REPORTING_CHAIN}),
        UnmatchedCode.ALL_CANDIDATES_IN_REPORTING_LINE,
        UnmatchedCode.ALL_CANDIDATES_IN_REPORTING_LINE,
    ),
    (
        frozenset({
            RuleCode.CONFLICT_GROUP,
            RuleCode.NEVER_MATCH,
            RuleCode.SAME_COST_CENTER,
            RuleCode.REJECTED_PAIR,
        }),
        UnmatchedCode.CONFLICT_OF_INTEREST,
        UnmatchedCode.CONFLICT_OF_INTEREST,
    ),
)
_CATEGORY_OF = {rule: index for index, (group, _, _) in enumerate(_CATEGORIES) for rule in group}


def unmatched_reasons(
    cohort: Cohort,
    rules: MatchRules,
    score: NDArray[np.float32],
    matched_mentees: NDArray[np.bool_],
    matched_mentors: NDArray[np.bool_],
) -> list[Unmatched]:
    """Reasons for every available mentee and mentor who got no tandem."""
    rows = np.flatnonzero(~matched_mentees)
    cols = np.flatnonzero(~matched_mentors)
    all_rows = np.arange(len(cohort.mentees), dtype=np.intp)
    all_cols = np.arange(len(cohort.mentors), dtype=np.intp)
    result: list[Unmatched] = []
    if len(rows):
        feasible = np.count_nonzero(score[rows] > 0, axis=1)
        counts = _category_counts(cohort, rules, rows, all_cols, axis=1)
        people = [cohort.mentees.people[i] for i in rows]
        result += _reasons(people, feasible, counts, len(cohort.mentors), rules)
    if len(cols):
        feasible = np.count_nonzero(score[:, cols] > 0, axis=0)
        counts = _category_counts(cohort, rules, all_rows, cols, axis=0)
        people = [cohort.mentors.people[j] for j in cols]
        result += _reasons(people, feasible, counts, len(cohort.mentees), rules)
    return result


def _category_counts(
    cohort: Cohort, rules: MatchRules, rows: NDArray[np.intp], cols: NDArray[np.intp], axis: int
) -> NDArray[np.int64]:
    """(categories, people): how many candidates each category of rules eliminates."""
    masks: list[NDArray[np.bool_] | None] = [None] * len(_CATEGORIES)
    for rule, violated in violations(cohort, rules, rows, cols):
        index = _CATEGORY_OF[rule]
        current = masks[index]
        masks[index] = violated if current is None else current | violated
    size = len(rows) if axis == 1 else len(cols)
    return np.array([
        np.zeros(size, dtype=np.int64) if mask is None else np.count_nonzero(mask, axis=axis)
        for mask in masks
    ])


def _reasons(
    people: Sequence[Candidate],
    feasible: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_candidates: int,
    rules: MatchRules,
) -> list[Unmatched]:
    dominant = np.argmax(counts, axis=0)  # argmax keeps the first maximum: the tie-break
    result = []
    for person, n_feasible, category in zip(people, feasible.tolist(), dominant.tolist(),
                                            strict=True):
        if n_candidates == 0:
            code, params = UnmatchedCode.NO_CANDIDATES, {}
        elif n_feasible > 0:
            code, params = UnmatchedCode.CAPACITY_EXHAUSTED, {"candidates": n_feasible}
        else:
            _, for_mentee, for_mentor = _CATEGORIES[category]
            code = for_mentee if person.role == "mentee" else for_mentor
            params = _params(code, person, rules)
        result.append(Unmatched(person.key, person.role, code, params))
    return result


def _params(code: UnmatchedCode, person: Candidate, rules: MatchRules) -> dict[str, Any]:
    """Only the person's own data and program settings, never a candidate's."""
    if code in (UnmatchedCode.NO_MENTOR_FOR_TOPICS, UnmatchedCode.NO_MENTEE_FOR_TOPICS):
        return {"topics": tuple(sorted(person.topics)),
                "languages": tuple(sorted(person.languages))}
    if code is UnmatchedCode.NO_SHARED_LANGUAGE:
        return {"languages": tuple(sorted(person.languages))}
    if code in (UnmatchedCode.NO_JUNIOR_MENTOR, UnmatchedCode.NO_SENIOR_MENTEE):
        return {"min_level_gap": rules.min_level_gap}
    if code is UnmatchedCode.ALL_CANDIDATES_IN_REPORTING_LINE:
        return {"chain_depth": rules.chain_depth}
    return {}
