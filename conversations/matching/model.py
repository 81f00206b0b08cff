"""Input and output types of the matching engine (plain frozen dataclasses, no I/O)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from .codes import ReasonCode, UnmatchedCode

Role = Literal["mentor", "mentee"]
ReverseMode = Literal["required", "preferred", "off"]

ROLES: tuple[Role, ...] = ("mentor", "mentee")
MAX_LEVEL = 10_000  # levels index a seniority list; the bound keeps level arithmetic in int32
REVERSE_MODES: tuple[ReverseMode, ...] = ("required", "preferred", "off")

# A fixed default instant keeps results independent of the wall clock; the flows layer
# passes the run's real instant so DST is accounted for.
DEFAULT_REFERENCE_UTC = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


def working_day_hours(start: int, end: int) -> int:
    """Length of a working day; (22, 6) is an 8-hour night shift, (0, 24) a full day."""
    return end - start if end > start else end + 24 - start


@dataclass(frozen=True)
class Candidate:
    """One signed-up person. Topics are what a mentor teaches or what a mentee wants."""

    key: str
    role: Role
    topics: frozenset[str] = frozenset()
    department: str | None = None
    languages: frozenset[str] = frozenset()
    timezone: str = "UTC"
    working_hours: tuple[int, int] = (9, 17)  # local hours; end < start means overnight
    level: int | None = None  # index in the seniority list, 0 = most junior
    manager: str | None = None  # overrides the org chart's entry for this person
    cost_center: str | None = None
    never_match: frozenset[str] = frozenset()
    capacity: int = 1  # mentees a mentor takes; capped by MatchRules.group_size
    available: bool = True

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"{self.key}: role must be one of {ROLES}, got {self.role!r}")
        start, end = self.working_hours
        in_range = 0 <= start <= 24 and 0 <= end <= 24
        if not in_range or start == end or working_day_hours(start, end) == 0:
            raise ValueError(f"{self.key}: working_hours must be two different hours in 0..24")
        if self.capacity < 0:
            raise ValueError(f"{self.key}: capacity must not be negative")
        if self.level is not None and not 0 <= self.level <= MAX_LEVEL:
            raise ValueError(f"{self.key}: level must be in 0..{MAX_LEVEL}")
        object.__setattr__(self, "working_hours", (start, end))  # lists are not hashable
        # Accept any iterable of strings but store frozensets so candidates stay hashable.
        for name in ("topics", "languages", "never_match"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))


@dataclass(frozen=True)
class OrgChart:
    """Person key -> manager key, for participants and non-participants alike."""

    managers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchRules:
    """Program settings for one matching run. Weights must be >= 0 and w_topics > 0."""

    chain_depth: int = 2  # manager and skip-level; see rules.py for the exact rule
    reverse: ReverseMode = "required"
    min_level_gap: int = 1
    conflict_groups: tuple[frozenset[str], ...] = ()
    conflict_on_same_cost_center: bool = True
    group_size: int = 1  # most mentees per mentor; 1 = 1:1 tandems
    w_topics: float = 1.0
    w_department: float = 0.3
    w_timezone: float = 0.2
    w_reverse_preferred: float = 0.2
    rejected_pairs: frozenset[tuple[str, str]] = frozenset()  # (mentor key, mentee key)
    reference_utc: datetime = DEFAULT_REFERENCE_UTC  # instant for time-zone offsets

    def __post_init__(self) -> None:
        if self.reverse not in REVERSE_MODES:
            raise ValueError(f"reverse must be one of {REVERSE_MODES}, got {self.reverse!r}")
        if self.chain_depth < 0 or self.group_size < 1:
            raise ValueError("chain_depth must be >= 0 and group_size >= 1")
        if abs(self.min_level_gap) > MAX_LEVEL:
            raise ValueError(f"min_level_gap must be within +-{MAX_LEVEL}")
        weights = (self.w_topics, self.w_department, self.w_timezone, self.w_reverse_preferred)
        if not all(math.isfinite(w) for w in weights):
            raise ValueError("weights must be finite numbers")
        # Every feasible pair must score > 0 so the solver never prefers leaving it out.
        if self.w_topics <= 0:
            raise ValueError("w_topics must be > 0")
        if min(self.w_department, self.w_timezone, self.w_reverse_preferred) < 0:
            raise ValueError("weights must not be negative")
        if self.reference_utc.utcoffset() is None:
            raise ValueError("reference_utc must be timezone-aware")
        groups: Iterable[Iterable[str]] = self.conflict_groups
        object.__setattr__(self, "conflict_groups", tuple(frozenset(g) for g in groups))
        object.__setattr__(self, "rejected_pairs", frozenset(self.rejected_pairs))


@dataclass(frozen=True)
class Explanation:
    """Neutral facts behind a proposal; only data both people may see about each other."""

    shared_topics: tuple[str, ...]
    topic_coverage: float  # share of the mentee's wishes the mentor covers
    departments_differ: bool | None  # None when a department is unknown
    shared_languages: tuple[str, ...]
    overlap_hours: float  # shared working hours per day at the reference instant
    level_gap: int | None  # mentee level - mentor level, None when a level is unknown


@dataclass(frozen=True)
class Proposal:
    mentor: str
    mentee: str
    score: float
    reasons: tuple[ReasonCode, ...]
    explanation: Explanation


@dataclass(frozen=True)
class Unmatched:
    key: str
    role: Role
    reason: UnmatchedCode
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchResult:
    proposals: tuple[Proposal, ...]  # sorted by (mentor, mentee)
    unmatched: tuple[Unmatched, ...]  # sorted by key
    total_score: float
