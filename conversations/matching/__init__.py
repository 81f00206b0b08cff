"""Pure matching engine for reverse-mentoring tandems (no database, I/O or platform SDKs).

`match_cohort` proposes tandems for a whole cohort at once; `greedy_match` is the baseline
it must never lose to; `check_pair` validates one hand-picked pair against the hard rules.
`match_circles` (group format) and `match_peers` (peer format) reuse the same rules.

Memory, per mentees x mentors: the score matrix is float32 (4 bytes a pair) and rule masks
are bool (1 byte); only the solver's matrix is float64, as scipy requires, and scipy copies
it once more to maximise. A 5,000 x 5,000 cohort peaks near 1 GB of RSS.
"""

from .circles import Circle, CircleResult, CircleSizes, greedy_circles, match_circles
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
from .peers import PeerPair, PeerResult, match_peers

__all__ = [
    "Candidate",
    "Circle",
    "CircleResult",
    "CircleSizes",
    "Explanation",
    "MatchResult",
    "MatchRules",
    "OrgChart",
    "PeerPair",
    "PeerResult",
    "Proposal",
    "ReasonCode",
    "Role",
    "RuleCode",
    "Unmatched",
    "UnmatchedCode",
    "check_pair",
    "describe_proposal",
    "describe_unmatched",
    "greedy_circles",
    "greedy_match",
    "match_circles",
    "match_cohort",
    "match_peers",
]
