"""Hard rules as whole-matrix boolean operations (rows = mentees, columns = mentors).

Every rule yields a "violated" mask for a block of mentees x mentors; a pair is feasible when
no rule is violated. Roles, availability and capacity are structural (rows are available
mentees, columns available mentors, capacity becomes solver slots), so they have no mask.

Reporting lines, with a_d(x) the d-th manager above x (a_1 = direct manager), D =
`chain_depth`, and the closed chain C(x) = {x, a_1(x), ..., a_D(x)}, for mentee e and mentor m:

- REPORTING_LINE: a_1(e) == m or a_1(m) == e. Always enforced, even with D = 0.
- SHARED_REPORTING_CHAIN (D >= 1): C(e) and C(m) intersect. That is: one is in the other's
  chain up to depth D, or they share a manager at any combination of depths up to D. With
  D = 2 this excludes direct and skip-level lines, teammates (same manager), people whose
  skip-levels are the same, and one person's manager being the other's skip-level. Above D
  everybody eventually shares the CEO, so the rule stops there. Unknown managers match
  nothing. A direct line breaks both rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from .codes import RuleCode
from .encode import NO_LEVEL, Cohort, IndexPairs
from .membership import BoolMatrix, Index, share_any
from .model import MatchRules

# Sentinel levels that make a single comparison skip pairs with an unknown level.
_FAR = 1 << 24


def shared_topic_counts(cohort: Cohort, rows: Index, cols: Index) -> NDArray[np.float32]:
    """Number of topics each mentee wants and each mentor teaches (one BLAS product)."""
    return cohort.mentees.topics[rows] @ cohort.mentors.topics[cols].T


def violations(
    cohort: Cohort,
    rules: MatchRules,
    rows: Index,
    cols: Index,
    shared_topics: NDArray[np.float32] | None = None,
) -> Iterator[tuple[RuleCode, BoolMatrix]]:
    """Yield (rule, violated mask) for the block rows x cols, one rule at a time so callers
    can fold them into one mask without holding all of them."""
    e, m = cohort.mentees, cohort.mentors
    shape = (len(rows), len(cols))

    # Direct lines are at most one per person: look them up instead of comparing all pairs.
    direct = np.zeros(shape, dtype=bool)
    mentor_at = _positions(m.ids[cols], cohort.person_codes)
    mentee_at = _positions(e.ids[rows], cohort.person_codes)
    boss = mentor_at[e.manager[rows]]
    direct[np.flatnonzero(boss >= 0), boss[boss >= 0]] = True
    boss = mentee_at[m.manager[cols]]
    direct[boss[boss >= 0], np.flatnonzero(boss >= 0)] = True
    yield RuleCode.REPORTING_LINE, direct
    del direct

    if rules.chain_depth >= 1:
        yield RuleCode.SHARED_REPORTING_CHAIN, share_any(
            e.chain.restrict(rows, len(e)), m.chain.restrict(cols, len(m)), shape
        )
    yield RuleCode.CONFLICT_GROUP, share_any(
        e.groups.restrict(rows, len(e)), m.groups.restrict(cols, len(m)), shape
    )
    yield RuleCode.NEVER_MATCH, _block_mask(cohort.never_pairs, rows, cols, len(e), len(m))
    if rules.conflict_on_same_cost_center:
        yield RuleCode.SAME_COST_CENTER, np.equal.outer(e.cost_center[rows], m.cost_center[cols])
    yield RuleCode.REJECTED_PAIR, _block_mask(cohort.rejected_pairs, rows, cols, len(e), len(m))

    bits = cohort.language_bits
    if bits is not None:
        common = np.bitwise_and.outer(
            bits[e.language_profile[rows]], bits[m.language_profile[cols]]
        )
        yield RuleCode.NO_SHARED_LANGUAGE, common == 0
        del common
    else:
        no_language = ~cohort.shares_language
        yield RuleCode.NO_SHARED_LANGUAGE, np.take(
            no_language[e.language_profile[rows]], m.language_profile[cols], axis=1
        )

    if shared_topics is None:
        shared_topics = shared_topic_counts(cohort, rows, cols)
    yield RuleCode.NO_SHARED_TOPIC, shared_topics == 0

    if rules.reverse == "required":
        # Violated when mentee level - mentor level < gap; unknown levels sit far on the
        # side that always passes.
        level_e = np.where(e.level[rows] == NO_LEVEL, _FAR, e.level[rows])
        level_m = np.where(m.level[cols] == NO_LEVEL, -_FAR, m.level[cols])
        yield RuleCode.LEVEL_NOT_REVERSED, np.less.outer(level_e, level_m + rules.min_level_gap)


def blocked_mask(
    cohort: Cohort,
    rules: MatchRules,
    rows: Index,
    cols: Index,
    shared_topics: NDArray[np.float32] | None = None,
) -> BoolMatrix:
    """True where any hard rule forbids the pair."""
    blocked = np.zeros((len(rows), len(cols)), dtype=bool)
    for _, mask in violations(cohort, rules, rows, cols, shared_topics):
        blocked |= mask
    return blocked


def reverse_satisfied(cohort: Cohort, rules: MatchRules, rows: Index, cols: Index) -> BoolMatrix:
    """Both levels known and the mentor junior by at least the gap (the preferred bonus)."""
    e, m = cohort.mentees, cohort.mentors
    level_e = np.where(e.level[rows] == NO_LEVEL, -_FAR, e.level[rows])
    level_m = np.where(m.level[cols] == NO_LEVEL, _FAR, m.level[cols])
    satisfied: BoolMatrix = np.greater_equal.outer(level_e, level_m + rules.min_level_gap)
    return satisfied


def _positions(codes: NDArray[np.int32], n_codes: int) -> NDArray[np.intp]:
    """position[code] = index in `codes`, -1 elsewhere; the two trailing slots catch the
    negative "unknown" sentinels."""
    position = np.full(n_codes + 2, -1, dtype=np.intp)
    position[codes] = np.arange(len(codes))
    return position


def _pair_mask(n_rows: int, n_cols: int, pairs: IndexPairs) -> BoolMatrix:
    mask = np.zeros((n_rows, n_cols), dtype=bool)
    mask[pairs[0], pairs[1]] = True
    return mask


def _block_mask(
    pairs: IndexPairs, rows: Index, cols: Index, n_mentees: int, n_mentors: int
) -> BoolMatrix:
    """Scatter cohort-wide (mentee, mentor) pairs into the rows x cols block."""
    row_pos = np.full(n_mentees, -1, dtype=np.intp)
    col_pos = np.full(n_mentors, -1, dtype=np.intp)
    row_pos[rows] = np.arange(len(rows))
    col_pos[cols] = np.arange(len(cols))
    r, c = row_pos[pairs[0]], col_pos[pairs[1]]
    inside = (r >= 0) & (c >= 0)
    return _pair_mask(len(rows), len(cols), (r[inside], c[inside]))
