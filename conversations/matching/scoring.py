"""Soft score matrix (rows = mentees, columns = mentors), float32 to halve memory.

score = w_topics      * |shared topics| / |mentee's wishes|
      + w_department  * [both departments known and different]
      + w_timezone    * overlap of working hours / the shorter working day
      + w_reverse_preferred * [reverse="preferred", both levels known, gap >= min_level_gap]

The topic term is the share of the mentee's wishes the mentor covers: it stays in [0, 1] for
every mentee, and unlike Jaccard it does not punish a mentor for knowing more topics. Every
term is in [0, weight], so a feasible pair (at least one shared topic) always scores > 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .encode import Cohort
from .membership import BoolMatrix, Index
from .model import MatchRules
from .rules import reverse_satisfied


def score_matrix(
    cohort: Cohort,
    rules: MatchRules,
    rows: Index,
    cols: Index,
    shared_topics: NDArray[np.float32],
    blocked: BoolMatrix,
) -> NDArray[np.float32]:
    """Scores for rows x cols, 0 where `blocked`. Reuses `shared_topics` as the output buffer."""
    e, m = cohort.mentees, cohort.mentors
    score = shared_topics
    wishes = np.maximum(e.topic_count[rows], 1.0)
    score *= (np.float32(rules.w_topics) / wishes)[:, None]

    # Boolean terms are added as bool * weight: measured faster than ufunc `where=`.
    if rules.w_department > 0:
        department_e, department_m = e.department[rows], m.department[cols]
        differ = np.not_equal.outer(department_e, department_m)
        differ &= (department_e >= 0)[:, None]  # unknown departments earn no bonus
        differ &= (department_m >= 0)[None, :]
        score += differ * np.float32(rules.w_department)
        del differ

    if rules.w_timezone > 0:
        table = np.float32(rules.w_timezone) * cohort.overlap_share
        score += np.take(table[e.hours_profile[rows]], m.hours_profile[cols], axis=1)

    if rules.reverse == "preferred" and rules.w_reverse_preferred > 0:
        bonus = reverse_satisfied(cohort, rules, rows, cols)
        score += bonus * np.float32(rules.w_reverse_preferred)

    score *= ~blocked  # infeasible pairs score exactly 0
    return score
