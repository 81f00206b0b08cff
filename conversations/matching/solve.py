"""Assign mentees to mentors: the optimal solver and a greedy baseline.

Both take a score matrix (mentees x mentors) where 0 means infeasible and every feasible
pair scores > 0, plus each mentor's capacity.

Optimal: a maximum-weight matching, solved by `scipy.optimize.linear_sum_assignment` on
mentees x mentor slots (a mentor with capacity c becomes c identical columns). Infeasible
entries are 0, the same value as leaving the mentee out, so the solver never gains by
choosing one; any it picks to complete the assignment are dropped afterwards. A finite 0
instead of -inf keeps the problem solvable when no complete assignment of feasible pairs
exists, and because scores are not shifted, the result maximises the total score itself
(not the number of tandems), so it is never below the greedy baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

Assignment = tuple[NDArray[np.intp], NDArray[np.intp]]  # (mentee indices, mentor indices)


@dataclass(frozen=True)
class AssignmentProblem:
    """The matrix handed to the solver and how its rows and columns map back."""

    matrix: NDArray[np.float64]  # solver rows x mentor slots
    mentee_of_row: NDArray[np.intp]
    mentor_of_slot: NDArray[np.intp]


def build_problem(score: NDArray[np.float32], capacity: NDArray[np.int64]) -> AssignmentProblem:
    """Rows: mentees with at least one feasible pair. Columns: every mentor's first slot in
    mentor order (a plain copy, no gather), then blocks of second, third... slots, each
    limited to mentors with that much capacity and that many feasible mentees."""
    feasible = score > 0
    rows = np.flatnonzero(feasible.any(axis=1))
    slots = np.minimum(capacity, feasible.sum(axis=0, dtype=np.int64))
    del feasible
    kept = score if len(rows) == score.shape[0] else score[rows]
    extra = [np.flatnonzero(slots >= k) for k in range(2, int(slots.max(initial=0)) + 1)]
    mentor_of_slot = np.concatenate([np.arange(score.shape[1]), *extra])
    matrix = np.empty((len(rows), len(mentor_of_slot)), dtype=np.float64)
    matrix[:, : score.shape[1]] = kept
    start = score.shape[1]
    for block in extra:
        matrix[:, start : start + len(block)] = kept[:, block]
        start += len(block)
    return AssignmentProblem(matrix, rows, mentor_of_slot)


def solve_problem(problem: AssignmentProblem) -> Assignment:
    if problem.matrix.size == 0:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty
    row, col = linear_sum_assignment(problem.matrix, maximize=True)
    chosen = problem.matrix[row, col] > 0
    return problem.mentee_of_row[row[chosen]], problem.mentor_of_slot[col[chosen]]


def optimal_assignment(score: NDArray[np.float32], capacity: NDArray[np.int64]) -> Assignment:
    return solve_problem(build_problem(score, capacity))


def greedy_assignment(
    score: NDArray[np.float32], capacity: NDArray[np.int64], *, first_band: int | None = None
) -> Assignment:
    """Highest-scoring feasible pair first; ties go to the lower mentee, then mentor index.

    Instead of sorting every feasible pair, pairs are taken in value bands (all pairs at or
    above a threshold, ties included so the order stays exact) and pairs whose mentee or
    mentor is already used are dropped before each band is sorted. `first_band` (pairs in
    the first band) exists for tests.
    """
    mentee, mentor = np.nonzero(score > 0)  # row-major: ties already in (mentee, mentor) order
    values = score[mentee, mentor]
    taken = np.zeros(score.shape[0], dtype=bool)
    left = capacity.copy()
    band = first_band or max(4 * score.shape[0], 1024)
    chosen: list[tuple[int, int]] = []
    while len(values):
        alive = ~taken[mentee] & (left[mentor] > 0)
        mentee, mentor, values = mentee[alive], mentor[alive], values[alive]
        if len(values) > band:
            cut = len(values) - band
            now = values >= np.partition(values, cut)[cut]
        else:
            now = np.ones(len(values), dtype=bool)
        order = np.argsort(-values[now], kind="stable")
        for i, j in zip(mentee[now][order].tolist(), mentor[now][order].tolist(), strict=True):
            if not taken[i] and left[j] > 0:
                taken[i] = True
                left[j] -= 1
                chosen.append((i, j))
        later = ~now
        mentee, mentor, values = mentee[later], mentor[later], values[later]
        band *= 2
    pairs = np.array(chosen, dtype=np.intp).reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()
