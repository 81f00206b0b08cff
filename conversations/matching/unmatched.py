"""Why people stayed unmatched: the binding reasons, counted per person.

For each unmatched person the candidates in the other role are followed through a funnel:
first those who share at least one of the person's topics ("offer"), then each of those is
attributed to the first hard rule that excludes them, in the order `violations` yields them
(reporting line, shared chain, conflict group, exclusion list, cost centre, earlier
rejection or dissolution, language, level); the rest were feasible but paired elsewhere.
The counts are the coordinator's view ("3 mentors offer these topics: 2 are in her
reporting line, 1 is more senior"); the code summarises them for the person's kind,
general message and names only a category of rules, never whose data blocked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .codes import RuleCode, UnmatchedCode
from .encode import Cohort
from .model import Candidate, MatchRules, Unmatched
from .rules import shared_topic_counts, violations

# The order in which a candidate who shares a topic is attributed to one rule: the order
# `violations` yields them, so the funnel runs as the masks stream by.
BLOCKER_ORDER: tuple[RuleCode, ...] = (
    RuleCode.REPORTING_LINE,
    RuleCode.SHARED_REPORTING_CHAIN,
    RuleCode.CONFLICT_GROUP,
    RuleCode.NEVER_MATCH,
    RuleCode.SAME_COST_CENTER,
    RuleCode.REJECTED_PAIR,
    RuleCode.NO_SHARED_LANGUAGE,
    RuleCode.LEVEL_NOT_REVERSED,
)

# (rules in the category, code for a mentee, code for a mentor), in tie-break order: the
# person's message names the category that excluded most of those who share a topic.
CATEGORIES: tuple[tuple[frozenset[RuleCode], UnmatchedCode, UnmatchedCode], ...] = (
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
        frozenset({RuleCode.CONFLICT_GROUP, RuleCode.NEVER_MATCH, RuleCode.SAME_COST_CENTER}),
        UnmatchedCode.CONFLICT_OF_INTEREST,
        UnmatchedCode.CONFLICT_OF_INTEREST,
    ),
    (
        frozenset({RuleCode.REJECTED_PAIR}),
        UnmatchedCode.PAIR_DECLINED,
        UnmatchedCode.PAIR_DECLINED,
    ),
)


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
        offer, blocked, feasible = _funnel(cohort, rules, rows, all_cols, axis=1)
        people = [cohort.mentees.people[i] for i in rows]
        result += _reasons(people, offer, blocked, feasible, len(cohort.mentors), rules)
    if len(cols):
        offer, blocked, feasible = _funnel(cohort, rules, all_rows, cols, axis=0)
        people = [cohort.mentors.people[j] for j in cols]
        result += _reasons(people, offer, blocked, feasible, len(cohort.mentees), rules)
    return result


def _funnel(
    cohort: Cohort, rules: MatchRules, rows: NDArray[np.intp], cols: NDArray[np.intp], axis: int
) -> tuple[NDArray[np.int64], dict[RuleCode, NDArray[np.int64]], NDArray[np.int64]]:
    """Per person: candidates sharing a topic, how many of them each rule excluded first,
    and how many were left (feasible). One mask of the block is alive at a time."""
    shared = shared_topic_counts(cohort, rows, cols)
    remaining = shared > 0
    offer = np.count_nonzero(remaining, axis=axis)
    blocked: dict[RuleCode, NDArray[np.int64]] = {}
    for rule, violated in violations(cohort, rules, rows, cols, shared):
        if rule is RuleCode.NO_SHARED_TOPIC:
            continue
        hit = violated & remaining
        count = np.count_nonzero(hit, axis=axis)
        if count.any():
            blocked[rule] = count
            remaining &= ~hit
    return offer, blocked, np.count_nonzero(remaining, axis=axis)


def _reasons(
    people: Sequence[Candidate],
    offer: NDArray[np.int64],
    blocked: dict[RuleCode, NDArray[np.int64]],
    feasible: NDArray[np.int64],
    n_candidates: int,
    rules: MatchRules,
) -> list[Unmatched]:
    result = []
    for index, person in enumerate(people):
        n_offer, n_feasible = int(offer[index]), int(feasible[index])
        counts = {rule.value: int(blocked[rule][index]) for rule in BLOCKER_ORDER
                  if rule in blocked and blocked[rule][index]}
        funnel: dict[str, Any] = {"offer": n_offer, "blocked": counts}
        params: dict[str, Any]
        if n_candidates == 0:
            code, params = UnmatchedCode.NO_CANDIDATES, {}
        elif n_offer == 0:
            code = (UnmatchedCode.NO_MENTOR_FOR_TOPICS if person.role == "mentee"
                    else UnmatchedCode.NO_MENTEE_FOR_TOPICS)
            params = {"topics": tuple(sorted(person.topics)),
                      "languages": tuple(sorted(person.languages))}
        elif n_feasible > 0:
            code, params = UnmatchedCode.CAPACITY_EXHAUSTED, {"candidates": n_feasible, **funnel}
        else:
            code = dominant_code(counts, person.role)
            params = {**_params(code, person, rules), **funnel}
        result.append(Unmatched(person.key, person.role, code, params))
    return result


def dominant_code(counts: dict[str, int], role: str) -> UnmatchedCode:
    """The category that excluded most candidates (ties: the earlier category)."""
    totals = [sum(counts.get(rule.value, 0) for rule in group) for group, _, _ in CATEGORIES]
    _, for_mentee, for_mentor = CATEGORIES[totals.index(max(totals))]
    return for_mentee if role == "mentee" else for_mentor


def _params(code: UnmatchedCode, person: Candidate, rules: MatchRules) -> dict[str, Any]:
    """Only the person's own data and program settings, never a candidate's."""
    params: dict[str, Any] = {"languages": tuple(sorted(person.languages))}
    if code in (UnmatchedCode.NO_JUNIOR_MENTOR, UnmatchedCode.NO_SENIOR_MENTEE):
        params["min_level_gap"] = rules.min_level_gap
    if code is UnmatchedCode.ALL_CANDIDATES_IN_REPORTING_LINE:
        params["chain_depth"] = rules.chain_depth
    return params
