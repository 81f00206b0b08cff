"""Peer format: pairs without roles, where both teach and learn, alternating.

Each person brings what they can teach (`Candidate.topics`) and what they want to learn
(`wants[key]`). With S[a, b] the 1:1 score of "b teaches a" (topics, departments, working
hours), a pair scores P[a, b] = S[a, b] + S[b, a], and it is feasible only when both
directions are: each teaches something the other wants, and no hard rule of the 1:1 solver
is broken either way (reporting chain, conflict group, never-pair-with, cost centre,
earlier rejection, language). The reverse-direction rule does not apply; roles are ignored.

Formulation: a maximum-weight matching in a general (non-bipartite) graph. scipy has no
such solver, so `linear_sum_assignment` on the symmetric P (diagonal and infeasible pairs
0) gives a best permutation; its value W is at least twice the best matching M* (M*'s pairs
as 2-cycles are a permutation), so W / 2 is an upper bound. Each cycle of the permutation
then gives its best matching exactly (a small dynamic programme along the cycle); a cycle's
edges split into 2 matchings (even length) or 3 (odd), so the result is at least W / 3 >=
2/3 of M*. The greedy pairing is computed too and the better of the two returned, so it is
never below greedy either.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from .codes import UnmatchedCode
from .encode import encode_cohort
from .model import Candidate, MatchRules, OrgChart, Unmatched
from .rules import blocked_mask, shared_topic_counts
from .scoring import score_matrix
from .unmatched import unmatched_reasons


@dataclass(frozen=True)
class PeerPair:
    a: str  # the smaller key
    b: str
    score: float
    a_teaches_b: tuple[str, ...]
    b_teaches_a: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class PeerResult:
    pairs: tuple[PeerPair, ...]  # sorted by (a, b)
    unmatched: tuple[Unmatched, ...]  # sorted by key
    total_score: float
    upper_bound: float  # W / 2 from the permutation relaxation


def peer_scores(
    people: list[Candidate],
    wants: Mapping[str, frozenset[str]],
    org_chart: OrgChart,
    rules: MatchRules,
    everyone: Iterable[Candidate] = (),
) -> NDArray[np.float64]:
    """Symmetric P (people x people, in the given order), 0 where infeasible either way.
    `everyone` (the unavailable too) feeds the org chart, as in the 1:1 engine."""
    rules = replace(rules, reverse="off")
    learners = [replace(p, role="mentee", topics=wants.get(p.key, frozenset())) for p in people]
    teachers = [replace(p, role="mentor") for p in people]
    cohort = encode_cohort(learners, teachers, [*people, *everyone], org_chart, rules)
    index = np.arange(len(people), dtype=np.intp)
    shared = shared_topic_counts(cohort, index, index)
    blocked = blocked_mask(cohort, rules, index, index, shared)
    blocked |= blocked.T  # every rule must hold in both directions
    np.fill_diagonal(blocked, True)
    score = score_matrix(cohort, rules, index, index, shared, blocked).astype(np.float64)
    return score + score.T


def match_peers(
    candidates: Iterable[Candidate],
    wants: Mapping[str, frozenset[str]],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> PeerResult:
    """Pair available people so the total of P is as high as the formulation allows."""
    rules, org = rules or MatchRules(), org_chart or OrgChart()
    everyone = sorted(candidates, key=attrgetter("key"))
    people = [p for p in everyone if p.available]
    score = peer_scores(people, wants, org, rules, everyone)
    chosen, bound = cycle_matching(score)
    greedy = greedy_pairs(score)
    if _total(score, greedy) > _total(score, chosen) + 1e-9:
        chosen = greedy
    pairs = []
    for i, j in sorted(chosen):
        a, b = people[i], people[j]
        pairs.append(PeerPair(
            a=a.key, b=b.key, score=round(float(score[i, j]), 6),
            a_teaches_b=tuple(sorted(a.topics & wants.get(b.key, frozenset()))),
            b_teaches_a=tuple(sorted(b.topics & wants.get(a.key, frozenset()))),
            languages=tuple(sorted(a.languages & b.languages)),
        ))
    paired = {k for p in pairs for k in (p.a, p.b)}
    return PeerResult(
        pairs=tuple(pairs),
        unmatched=_unmatched(everyone, people, score, paired, wants, org, rules),
        total_score=math.fsum(p.score for p in pairs),
        upper_bound=round(bound, 6),
    )


Pairs = list[tuple[int, int]]  # (i, j) with i < j


def cycle_matching(score: NDArray[np.float64]) -> tuple[Pairs, float]:
    """Best matching inside each cycle of the best permutation; and the bound W / 2."""
    n = score.shape[0]
    if n < 2:
        return [], 0.0
    _, successor = linear_sum_assignment(score, maximize=True)
    bound = math.fsum(score[np.arange(n), successor].tolist()) / 2
    seen = np.zeros(n, dtype=bool)
    pairs: Pairs = []
    for start in range(n):
        cycle = []
        node = start
        while not seen[node]:
            seen[node] = True
            cycle.append(node)
            node = int(successor[node])
        if len(cycle) >= 2:
            pairs += _best_on_cycle(score, cycle)
    return sorted((min(i, j), max(i, j)) for i, j in pairs), bound


def _best_on_cycle(score: NDArray[np.float64], cycle: list[int]) -> Pairs:
    """Exact maximum-weight matching of a cycle's edges: the better of a path DP without the
    closing edge and the closing edge plus a path DP of the inner nodes."""
    closing = [(cycle[-1], cycle[0])] if len(cycle) > 2 else []
    best = _best_on_path(score, cycle)
    if closing and score[cycle[-1], cycle[0]] > 0:
        inner = _best_on_path(score, cycle[1:-1])
        if _total(score, inner + closing) > _total(score, best):
            best = inner + closing
    return best


def _best_on_path(score: NDArray[np.float64], path: list[int]) -> Pairs:
    # value[k] = best matching of path[:k]; take edge (k-2, k-1) or not.
    value = [0.0] * (len(path) + 1)
    take = [False] * (len(path) + 1)
    for k in range(2, len(path) + 1):
        edge = float(score[path[k - 2], path[k - 1]])
        if edge > 0 and value[k - 2] + edge > value[k - 1]:
            value[k], take[k] = value[k - 2] + edge, True
        else:
            value[k] = value[k - 1]
    pairs: Pairs = []
    k = len(path)
    while k >= 2:
        if take[k]:
            pairs.append((path[k - 2], path[k - 1]))
            k -= 2
        else:
            k -= 1
    return pairs


def greedy_pairs(score: NDArray[np.float64]) -> Pairs:
    """Baseline: highest-scoring feasible pair first; ties to the lower indices."""
    i, j = np.nonzero(np.triu(score, 1) > 0)
    order = np.lexsort((j, i, -score[i, j]))
    used = np.zeros(score.shape[0], dtype=bool)
    pairs: Pairs = []
    for a, b in zip(i[order].tolist(), j[order].tolist(), strict=True):
        if not used[a] and not used[b]:
            used[a] = used[b] = True
            pairs.append((a, b))
    return sorted(pairs)


def _total(score: NDArray[np.float64], pairs: Pairs) -> float:
    return math.fsum(float(score[i, j]) for i, j in pairs)


def _unmatched(
    everyone: list[Candidate],
    people: list[Candidate],
    score: NDArray[np.float64],
    paired: set[str],
    wants: Mapping[str, frozenset[str]],
    org: OrgChart,
    rules: MatchRules,
) -> tuple[Unmatched, ...]:
    """Reasons with the 1:1 funnel, first from the learning side (who teaches what the
    person wants; which rule excluded them). When someone could teach them but nobody fits
    both ways, from the teaching side (who wants what they teach); when that too finds
    people, the honest summary is that nobody who teaches them wants what they teach."""
    rules = replace(rules, reverse="off")
    out = [Unmatched(p.key, p.role, UnmatchedCode.NOT_AVAILABLE)
           for p in everyone if not p.available]
    for index, person in enumerate(people):
        if person.key in paired:
            continue
        reason = _side_reason(person, people, wants, org, rules, everyone, learning=True)
        side = "learning"  # which direction the reason speaks of, for the wording
        two_way = bool((score[index] > 0).any())
        if reason.reason is UnmatchedCode.CAPACITY_EXHAUSTED and not two_way:
            reason = _side_reason(person, people, wants, org, rules, everyone, learning=False)
            side = "teaching"
            if reason.reason is UnmatchedCode.CAPACITY_EXHAUSTED:
                reason = Unmatched(person.key, person.role, UnmatchedCode.NO_MENTEE_FOR_TOPICS,
                                   {"topics": tuple(sorted(person.topics)),
                                    "languages": tuple(sorted(person.languages))})
        out.append(replace(reason, role=person.role, params={**reason.params, "side": side}))
    return tuple(sorted(out, key=attrgetter("key")))


def _side_reason(
    person: Candidate,
    people: list[Candidate],
    wants: Mapping[str, frozenset[str]],
    org: OrgChart,
    rules: MatchRules,
    everyone: list[Candidate],
    *,
    learning: bool,
) -> Unmatched:
    """The 1:1 funnel for one person against everyone else (one small encoding: the
    unpaired are few)."""
    others = [p for p in people if p.key != person.key]
    if learning:
        mentees = [replace(person, role="mentee", topics=wants.get(person.key, frozenset()))]
        mentors = [replace(p, role="mentor") for p in others]
    else:
        mentees = [replace(p, role="mentee", topics=wants.get(p.key, frozenset()))
                   for p in others]
        mentors = [replace(person, role="mentor")]
    cohort = encode_cohort(mentees, mentors, everyone, org, rules)
    [reason] = unmatched_reasons(
        cohort, rules, np.zeros((len(mentees), len(mentors)), np.float32),
        np.zeros(len(mentees), dtype=bool) if learning else np.ones(len(mentees), dtype=bool),
        np.ones(len(mentors), dtype=bool) if learning else np.zeros(1, dtype=bool))
    return reason
