"""Pure matching engine for reverse-mentoring tandems (no database, I/O or platform SDKs).

`match_cohort` proposes tandems for a whole cohort at once; `greedy_match` is the baseline
it must never lose to; `check_pair` validates one hand-picked pair against the hard rules.

Memory, per mentees x mentors: the score matrix is float32 (4 bytes a pair) and rule masks
are bool (1 byte); only the solver's matrix is float64, as scipy requires, and scipy copies
it once more to maximise. A 5,000 x 5,000 cohort peaks near 1 GB of RSS.
"""

from .codes import ReasonCode, RuleCode, UnmatchedCode
from .engine import check_pair, greedy_match, match_cohort
from .explain import describe_proposal, describe_unmatched
from .model import (
    Candidate,
    Explanation,
    MatchResult,
    MatchRules,
    OrgChart,
    Proposal,
    Role,
    Unmatched,
)

__all__ = [
    "Candidate",
    "Explanation",
    "MatchResult",
    "MatchRules",
    "OrgChart",
    "Proposal",
    "ReasonCode",
    "Role",
    "RuleCode",
    "Unmatched",
    "UnmatchedCode",
    "check_pair",
    "describe_proposal",
    "describe_unmatched",
    "greedy_match",
    "match_cohort",
]
