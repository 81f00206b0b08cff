"""Group format: circles of m mentors + e mentees (the method's 3–4 juniors with 1–2 seniors).

Every mentor–mentee pair inside a circle must pass every hard rule of the 1:1 solver (the
same feasibility matrix from `engine.prepare`: score > 0), and the whole circle must share
one language. A circle's score is the sum, over its mentors, of the mean pair score against
the circle's mentees (for one mentee: the plain sum of its pair scores), so the circle's
mentors covering a mentee's wishes is what earns it.

Formulation (b-matching by mentee seats, then repairs, then joining):
1. Bound: each mentee gets `max_mentors` identical columns ("seats"); every mentor is one
   row. One `linear_sum_assignment` on mentors x seats gives the maximum-weight b-matching
   with no lower bound and no language rule. Its value U bounds any valid set of circles:
   in a valid circle each mentor's mean pair score is at most its score with one of the
   circle's mentees, and sending each mentor to that mentee's seat respects the seat limit.
2. Seats: each mentee's circle language is fixed first (of the mentee's languages, the one
   with the most feasible score among the mentors who speak it); mentors without it are
   dropped for that mentee, so every one-mentee circle shares a language. The same
   b-matching is solved again with a bonus above any total on each mentee's first
   `min_mentors` seats, so filling circles up to their minimum comes first, then the score.
   Mentees still short of `min_mentors` are withdrawn (the lower-scoring half of them, at
   least one, per round) and it is solved again, so their mentors go to others.
3. Joining: a mentee left out joins an existing circle with room (fewer than
   `max_mentees`) when every mentor there is feasible with them and the circle keeps a
   shared language; best gain first. Circles still below `min_mentees` are dropped.
Steps 2 and 3 are heuristics with no constant-factor guarantee; the result carries U, so the
gap to optimal is measured on every run (`total_score / upper_bound`): 0.964 on the bench's
1,000 mentors + 300 mentees. Property tests check total <= brute-force optimum <= U.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from .codes import UnmatchedCode
from .engine import Prepared, prepare
from .model import Candidate, MatchRules, OrgChart, Unmatched
from .unmatched import unmatched_reasons


@dataclass(frozen=True)
class CircleSizes:
    """Inclusive ranges of mentors and mentees per circle."""

    mentors: tuple[int, int] = (3, 4)
    mentees: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        for name, (lo, hi) in (("mentors", self.mentors), ("mentees", self.mentees)):
            if not 1 <= lo <= hi:
                raise ValueError(f"{name}: need 1 <= min <= max, got [{lo}, {hi}]")


@dataclass(frozen=True)
class Circle:
    mentors: tuple[str, ...]  # sorted keys
    mentees: tuple[str, ...]
    score: float
    shared_topics: tuple[str, ...]  # the mentees' wishes that some mentor of the circle teaches
    languages: tuple[str, ...]  # spoken by everyone in the circle


@dataclass(frozen=True)
class CircleResult:
    circles: tuple[Circle, ...]  # sorted by mentee keys
    unmatched: tuple[Unmatched, ...]  # sorted by key
    total_score: float
    upper_bound: float  # the seat relaxation's value (step 1): total_score <= upper_bound


SeatSolver = Callable[[NDArray[np.float64], int, int], NDArray[np.intp]]


def match_circles(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
    sizes: CircleSizes | None = None,
) -> CircleResult:
    """Propose circles for the whole cohort; every mentor sits in at most one circle."""
    return _match(candidates, org_chart, rules, sizes, _seats)


def greedy_circles(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None = None,
    rules: MatchRules | None = None,
    sizes: CircleSizes | None = None,
) -> CircleResult:
    """Baseline: the same pipeline with seats taken best pair first instead of step 1's
    b-matching (the bound is still the b-matching's)."""
    return _match(candidates, org_chart, rules, sizes, _greedy_seats)


def _match(
    candidates: Iterable[Candidate],
    org_chart: OrgChart | None,
    rules: MatchRules | None,
    sizes: CircleSizes | None,
    solver: SeatSolver,
) -> CircleResult:
    rules, sizes = rules or MatchRules(), sizes or CircleSizes()
    prepared = prepare(candidates, org_chart, rules)
    score = prepared.score.astype(np.float64)  # mentees x mentors, 0 = infeasible
    members, bound = _seat_circles(prepared, score, sizes, solver)
    members = _join(prepared, score, members, sizes)
    members = [(e, m) for e, m in members if len(e) >= sizes.mentees[0]]
    return _result(prepared, rules, score, members, bound)


Members = list[tuple[list[int], list[int]]]  # (mentee indices, mentor indices) per circle


def _seats(score: NDArray[np.float64], seats: int, core: int = 0) -> NDArray[np.intp]:
    """Mentee index of every mentor's seat (-1 = none) from one b-matching. The first `core`
    seats of each mentee carry a bonus above any total, so filling circles up to their
    minimum comes first (lexicographically), and only then the score."""
    owner = np.full(score.shape[1], -1, dtype=np.intp)
    if score.size == 0:
        return owner
    matrix = np.repeat(score.T, seats, axis=1)  # mentors x (mentee seats), seat-major per mentee
    if core:
        bonus = (float(score.max(axis=0).sum()) + 1.0) * (score.T > 0)  # > any total
        for k in range(core):
            matrix[:, k::seats] += bonus
    row, col = linear_sum_assignment(matrix, maximize=True)
    chosen = matrix[row, col] > 0
    owner[row[chosen]] = col[chosen] // seats
    return owner


def _greedy_seats(score: NDArray[np.float64], seats: int, core: int = 0) -> NDArray[np.intp]:
    """Highest pair first while the mentee has a free seat; ties to lower indices."""
    owner = np.full(score.shape[1], -1, dtype=np.intp)
    mentee, mentor = np.nonzero(score > 0)
    order = np.lexsort((mentor, mentee, -score[mentee, mentor]))
    taken = np.zeros(score.shape[0], dtype=np.int64)
    for i, j in zip(mentee[order].tolist(), mentor[order].tolist(), strict=True):
        if owner[j] < 0 and taken[i] < seats:
            owner[j] = i
            taken[i] += 1
    return owner


def _seat_circles(
    prepared: Prepared, score: NDArray[np.float64], sizes: CircleSizes, solver: SeatSolver
) -> tuple[Members, float]:
    lo, hi = sizes.mentors
    allowed = _one_language(prepared, score)
    active = np.ones(score.shape[0], dtype=bool)
    bound: float | None = None
    while True:
        # The bound is the first solve's value before the language choice narrows it.
        if bound is None:
            owner = _seats(score, hi)
            seated = np.flatnonzero(owner >= 0)
            bound = math.fsum(score[owner[seated], seated].tolist())
            # A mentee with too few feasible mentors can never have a circle.
            active &= allowed.sum(axis=1) >= lo
            continue
        owner = solver(np.where(allowed & active[:, None], score, 0.0), hi, lo)
        seated = np.flatnonzero(owner >= 0)
        count = np.bincount(owner[seated], minlength=score.shape[0])
        short = np.flatnonzero((count > 0) & (count < lo))
        if not len(short):
            circles = [([i], np.flatnonzero(owner == i).tolist())
                       for i in np.flatnonzero(count).tolist()]
            return circles, bound
        totals = np.zeros(score.shape[0])
        np.add.at(totals, owner[seated], score[owner[seated], seated])
        order = short[np.lexsort((short, totals[short]))]  # lowest total first
        active[order[: max(1, len(order) // 2)]] = False


def _one_language(prepared: Prepared, score: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Feasible pairs, narrowed so each mentee's mentors all speak one language of the
    mentee's: the one with the most feasible score behind it (ties: alphabetical). Then
    every one-mentee circle shares a language by construction."""
    e, m = prepared.cohort.mentees, prepared.cohort.mentors
    allowed = score > 0
    vocabulary = sorted(set().union(*(p.languages for p in (*e.people, *m.people))))
    speaks = np.array([[lang in p.languages for lang in vocabulary] for p in m.people],
                      dtype=bool).reshape(len(m), len(vocabulary))
    own = np.array([[lang in p.languages for lang in vocabulary] for p in e.people],
                   dtype=bool).reshape(len(e), len(vocabulary))
    weight = np.where(own, score @ speaks, -1.0)  # mentees x languages
    chosen = np.argmax(weight, axis=1) if len(vocabulary) else np.zeros(len(e), dtype=np.intp)
    if len(vocabulary):
        allowed &= speaks[:, chosen].T
    return allowed


def _common(people: list[Candidate]) -> frozenset[str]:
    languages = people[0].languages
    for person in people[1:]:
        languages &= person.languages
    return languages


def _join(
    prepared: Prepared, score: NDArray[np.float64], circles: Members, sizes: CircleSizes
) -> Members:
    """Left-out mentees join circles with room where every mentor is feasible with them."""
    e, m = prepared.cohort.mentees, prepared.cohort.mentors
    if sizes.mentees[1] < 2 or not circles:
        return circles
    seated = {i for mentees, _ in circles for i in mentees}
    options: list[tuple[float, int, int]] = []
    for i in range(score.shape[0]):
        if i in seated:
            continue
        for c, (mentees, mentors) in enumerate(circles):
            if all(score[i, j] > 0 for j in mentors) and _common(
                    [e.people[i], *(e.people[k] for k in mentees),
                     *(m.people[j] for j in mentors)]):
                options.append((-float(score[i, mentors].sum()), i, c))
    for _, i, c in sorted(options):
        mentees, mentors = circles[c]
        if i in seated or len(mentees) >= sizes.mentees[1]:
            continue
        people = [e.people[i], *(e.people[k] for k in mentees), *(m.people[j] for j in mentors)]
        if _common(people):
            mentees.append(i)
            seated.add(i)
    return circles


def circle_score(score: NDArray[np.float64], mentees: list[int], mentors: list[int]) -> float:
    """Sum over mentors of the mean pair score against the circle's mentees."""
    return float(score[np.ix_(mentees, mentors)].mean(axis=0).sum())


def _result(
    prepared: Prepared,
    rules: MatchRules,
    score: NDArray[np.float64],
    circles: Members,
    bound: float,
) -> CircleResult:
    cohort = prepared.cohort
    e, m = cohort.mentees, cohort.mentors
    out = []
    for mentees, mentors in circles:
        people = [e.people[i] for i in mentees] + [m.people[j] for j in mentors]
        wishes = frozenset().union(*(e.people[i].topics for i in mentees))
        taught = frozenset().union(*(m.people[j].topics for j in mentors))
        out.append(Circle(
            mentors=tuple(sorted(m.people[j].key for j in mentors)),
            mentees=tuple(sorted(e.people[i].key for i in mentees)),
            score=round(circle_score(score, mentees, mentors), 6),
            shared_topics=tuple(sorted(wishes & taught)),
            languages=tuple(sorted(_common(people))),
        ))
    out.sort(key=lambda c: c.mentees)
    matched_mentees = np.zeros(len(e), dtype=bool)
    matched_mentors = np.zeros(len(m), dtype=bool)
    for mentees, mentors in circles:
        matched_mentees[mentees] = True
        matched_mentors[mentors] = True
    unmatched = unmatched_reasons(cohort, rules, prepared.score,
                                  matched_mentees, matched_mentors)
    unmatched += [Unmatched(p.key, p.role, UnmatchedCode.NOT_AVAILABLE)
                  for p in prepared.unavailable]
    unmatched.sort(key=lambda u: u.key)
    return CircleResult(tuple(out), tuple(unmatched),
                        math.fsum(c.score for c in out), round(bound, 6))
