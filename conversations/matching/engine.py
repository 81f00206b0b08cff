"""The matching pipeline: encode -> hard rules -> scores -> assignment -> explanations."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from .codes import RuleCode, UnmatchedCode
from .encode import Cohort, encode_cohort
from .explain import explain_pairs
from .model import Candidate, MatchResult, MatchRules, OrgChart, Proposal, Unmatched
from .rules import blocked_mask, shared_topic_counts, violations
from .scoring import score_matrix
from .solve import Assignment, greedy_assignment, optimal_assignment
from .unmatched import unmatched_reasons

Assigner = Callable[[NDArray[np.float32], NDArray[np.int64]], Assignment]


@dataclass(frozen=True)
class Prepared:
    """A cohort with its score matrix (0 = infeasible), ready for any assigner."""

    cohort: Cohort
    score: NDArray[np.float32]
    unavailable: tuple[Candidate, ...]


def prepare(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> Prepared:
    rules = rules or MatchRules()
    people = sorted(candidates, key=attrgetter("key"))  # input order must not matter
    for before, after in pairwise(people):
        if before.key == after.key:
            raise ValueError(f"duplicate candidate key {before.key!r}")
    mentees = [p for p in people if p.role == "mentee" and p.available]
    mentors = [p for p in people if p.role == "mentor" and p.available and p.capacity > 0]
    unavailable = tuple(
        p for p in people if not p.available or (p.role == "mentor" and p.capacity == 0)
    )
    cohort = encode_cohort(mentees, mentors, people, org_chart or OrgChart(), rules)
    rows = np.arange(len(mentees), dtype=np.intp)
    cols = np.arange(len(mentors), dtype=np.intp)
    shared = shared_topic_counts(cohort, rows, cols)
    blocked = blocked_mask(cohort, rules, rows, cols, shared)
    score = score_matrix(cohort, rules, rows, cols, shared, blocked)
    return Prepared(cohort, score, unavailable)


def match_cohort(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> MatchResult:
    """Propose tandems for the whole cohort at once, maximising the total score."""
    return _match(candidates, org_chart, rules, optimal_assignment)


def greedy_match(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> MatchResult:
    """Baseline: take the highest-scoring feasible pair first. Same rules, same output."""
    return _match(candidates, org_chart, rules, greedy_assignment)


def check_pair(
    mentor: Candidate,
    mentee: Candidate,
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> tuple[RuleCode, ...]:
    """Hard rules a specific pair breaks (empty = allowed), e.g. for a coordinator's manual
    swap. Capacity is not checked: it depends on the other tandems."""
    rules = rules or MatchRules()
    if mentor.role != "mentor" or mentee.role != "mentee" or mentor.key == mentee.key:
        return (RuleCode.WRONG_ROLES,)
    broken = []
    if not (mentor.available and mentee.available and mentor.capacity > 0):
        broken.append(RuleCode.NOT_AVAILABLE)
    cohort = encode_cohort([mentee], [mentor], [mentee, mentor], org_chart or OrgChart(), rules)
    one = np.zeros(1, dtype=np.intp)
    broken += [rule for rule, mask in violations(cohort, rules, one, one) if mask[0, 0]]
    return tuple(broken)


def _match(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None,
    rules: MatchRules | None,
    assign: Assigner,
) -> MatchResult:
    rules = rules or MatchRules()
    prepared = prepare(candidates, org_chart, rules)
    cohort, score = prepared.cohort, prepared.score
    mentee_index, mentor_index = assign(score, cohort.mentors.capacity)

    # People are sorted by key, so index order is key order: sort pairs by (mentor, mentee).
    order = np.lexsort((mentee_index, mentor_index))
    mentee_index, mentor_index = mentee_index[order], mentor_index[order]
    proposals = [
        Proposal(
            mentor=mentor_key,
            mentee=mentee_key,
            score=round(value, 6),
            reasons=reasons,
            explanation=explanation,
        )
        for mentor_key, mentee_key, value, (explanation, reasons) in zip(
            [cohort.mentors.people[j].key for j in mentor_index.tolist()],
            [cohort.mentees.people[i].key for i in mentee_index.tolist()],
            score[mentee_index, mentor_index].tolist(),
            explain_pairs(cohort, rules, mentee_index, mentor_index),
            strict=True,
        )
    ]

    matched_mentees = np.zeros(len(cohort.mentees), dtype=bool)
    matched_mentors = np.zeros(len(cohort.mentors), dtype=bool)
    matched_mentees[mentee_index] = True
    matched_mentors[mentor_index] = True
    unmatched = unmatched_reasons(cohort, rules, score, matched_mentees, matched_mentors)
    unmatched += [Unmatched(p.key, p.role, UnmatchedCode.NOT_AVAILABLE)
                  for p in prepared.unavailable]
    unmatched.sort(key=lambda u: u.key)
    return MatchResult(
        proposals=tuple(proposals),
        unmatched=tuple(unmatched),
        total_score=math.fsum(p.score for p in proposals),
    )
