"""The banded greedy equals the textbook greedy: sort every feasible pair, take what fits."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from conversations.matching.solve import greedy_assignment


def textbook_greedy(score: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    pairs = sorted(
        (-float(score[i, j]), i, j)
        for i in range(score.shape[0])
        for j in range(score.shape[1])
        if score[i, j] > 0
    )
    taken, left, chosen = set(), list(capacity), []
    for _, i, j in pairs:
        if i not in taken and left[j] > 0:
            taken.add(i)
            left[j] -= 1
            chosen.append((i, j))
    return sorted(chosen)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 50), st.data())
def test_banded_greedy_matches_the_textbook_version(
    rows: int, cols: int, first_band: int, data: st.DataObject
) -> None:
    # Few distinct values, so ties (and ties across band thresholds) are common.
    values = st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.75, 1.0]).map(np.float32)
    score = data.draw(arrays(np.float32, (rows, cols), elements=values))
    capacity = data.draw(arrays(np.int64, cols, elements=st.integers(0, 3)))
    mentees, mentors = greedy_assignment(score, capacity, first_band=first_band)
    assert sorted(zip(mentees.tolist(), mentors.tolist(), strict=True)) == textbook_greedy(
        score, capacity
    )
