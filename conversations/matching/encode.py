"""Encode a cohort into numpy arrays once, so every rule and score is a whole-matrix operation.

Rows of every pair matrix are mentees, columns are mentors, both sorted by key. Attributes
with few distinct values (language sets, time-zone/working-hours profiles) are reduced to
small profile-by-profile tables that the pair matrices gather from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from .hours import overlap_minutes, profile_intervals
from .membership import Membership
from .model import Candidate, MatchRules, OrgChart

# Unknown values get a different sentinel on each side so "unknown == unknown" never holds.
UNKNOWN_MENTEE = -1
UNKNOWN_MENTOR = -2
NO_LEVEL = -1

K = TypeVar("K", bound=Hashable)
Codes = NDArray[np.int32]  # int32 halves the cost of the outer comparisons
IndexPairs = tuple[NDArray[np.intp], NDArray[np.intp]]  # (mentee indices, mentor indices)


@dataclass(frozen=True)
class Side:
    """The encoded mentees or mentors of a cohort."""

    people: tuple[Candidate, ...]
    ids: Codes  # person codes
    manager: Codes  # direct manager's person code; unknown = sentinel
    chain: Membership  # person codes of the person and the managers up to chain_depth
    topics: NDArray[np.float32]  # (n, topics) 0/1, float32 so overlaps are one BLAS product
    topic_count: NDArray[np.float32]
    language_profile: NDArray[np.intp]
    hours_profile: NDArray[np.intp]
    department: Codes  # unknown = sentinel
    cost_center: Codes  # unknown = sentinel
    level: Codes  # NO_LEVEL when unknown
    capacity: NDArray[np.int64]
    groups: Membership  # conflict groups

    def __len__(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Cohort:
    mentees: Side
    mentors: Side
    person_codes: int  # number of person codes (participants and their managers)
    shares_language: NDArray[np.bool_]  # language profile x language profile
    overlap_minutes: NDArray[np.int64]  # hours profile x hours profile
    overlap_share: NDArray[np.float32]  # overlap / shorter working day, in [0, 1]
    never_pairs: IndexPairs  # from either person's never_match list
    rejected_pairs: IndexPairs


class _PersonCodes:
    """Person key <-> dense code, for participants and the managers on their chains."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.key: list[str] = []

    def __call__(self, key: str) -> int:
        found = self.code.get(key)
        if found is None:
            found = self.code[key] = len(self.key)
            self.key.append(key)
        return found

    def __len__(self) -> int:
        return len(self.key)


@dataclass(frozen=True)
class _Chains:
    ids: Codes
    manager: Codes
    rows: NDArray[np.intp]  # (row, person code) entries of the closed chains
    codes: NDArray[np.intp]


def encode_cohort(
    mentees: Sequence[Candidate],
    mentors: Sequence[Candidate],
    everyone: Iterable[Candidate],
    org_chart: OrgChart,
    rules: MatchRules,
) -> Cohort:
    """Encode available mentees and mentors (each sorted by key); `everyone` feeds the org
    chart, because a paused participant's manager field still describes the hierarchy."""
    manager_of = _manager_lookup(everyone, org_chart)
    people = _PersonCodes()
    chains = [
        _chains(members, manager_of, people, rules.chain_depth, unknown)
        for members, unknown in ((mentees, UNKNOWN_MENTEE), (mentors, UNKNOWN_MENTOR))
    ]
    topic_index = {
        t: i for i, t in enumerate(sorted({t for p in (*mentees, *mentors) for t in p.topics}))
    }
    language_sets: dict[frozenset[str], int] = {}
    hours_keys: dict[tuple[str, int, int], int] = {}
    departments: dict[str, int] = {}
    cost_centers: dict[str, int] = {}

    def side(members: Sequence[Candidate], chain: _Chains, unknown: int) -> Side:
        n = len(members)
        topic_matrix = np.zeros((n, len(topic_index)), dtype=np.float32)
        topic_rows = [i for i, p in enumerate(members) for _ in p.topics]
        topic_matrix[topic_rows, [topic_index[t] for p in members for t in p.topics]] = 1.0
        return Side(
            people=tuple(members),
            ids=chain.ids,
            manager=chain.manager,
            chain=Membership(chain.rows, chain.codes),
            topics=topic_matrix,
            topic_count=topic_matrix.sum(axis=1),
            language_profile=_intern(language_sets, [p.languages for p in members]),
            hours_profile=_intern(hours_keys, [_hours_key(p) for p in members]),
            department=_intern_optional(departments, [p.department for p in members], unknown),
            cost_center=_intern_optional(cost_centers, [p.cost_center for p in members], unknown),
            level=np.array([NO_LEVEL if p.level is None else p.level for p in members],
                           dtype=np.int32),
            capacity=np.array([min(p.capacity, rules.group_size) for p in members],
                              dtype=np.int64),
            groups=_membership(members, rules.conflict_groups),
        )

    mentee_side = side(mentees, chains[0], UNKNOWN_MENTEE)
    mentor_side = side(mentors, chains[1], UNKNOWN_MENTOR)
    starts, lengths = profile_intervals(list(hours_keys), rules.reference_utc)
    overlap = overlap_minutes(starts, lengths, starts, lengths)
    shorter = np.minimum(lengths[:, None], lengths[None, :])
    return Cohort(
        mentees=mentee_side,
        mentors=mentor_side,
        person_codes=len(people),
        shares_language=_shares_language(list(language_sets)),
        overlap_minutes=overlap,
        overlap_share=(overlap / shorter).astype(np.float32),
        never_pairs=_never_pairs(mentees, mentors),
        rejected_pairs=_rejected_pairs(mentees, mentors, rules.rejected_pairs),
    )


def _manager_lookup(
    everyone: Iterable[Candidate], org: OrgChart
) -> Callable[[str], str | None]:
    """Manager of any key; a participant's own manager field overrides the HR import."""
    own = {p.key: p.manager for p in everyone if p.manager is not None}
    chart = org.managers

    def manager_of(key: str) -> str | None:
        manager = own.get(key)
        return manager if manager is not None else chart.get(key)

    return manager_of


def _chains(
    members: Sequence[Candidate],
    manager_of: Callable[[str], str | None],
    people: _PersonCodes,
    depth: int,
    unknown: int,
) -> _Chains:
    """Person codes, direct managers, and each member's closed chain: the member and the
    first `depth` managers above. Above the direct manager only distinct managers are looked
    up (teams share them), and only keys on these short chains get codes, never the whole
    org chart. The walk stops after `depth` steps, so cycles in bad org data are harmless."""
    ids = np.array([people(p.key) for p in members], dtype=np.intp)
    bosses = [manager_of(p.key) for p in members]
    level = np.array([-1 if k is None else people(k) for k in bosses], dtype=np.intp)
    manager = level.astype(np.int32)
    manager[level < 0] = unknown
    rows, codes = [np.arange(len(members))], [ids]
    for step in range(depth):
        known = level >= 0
        rows.append(np.flatnonzero(known))
        codes.append(level[known])
        if step + 1 == depth:
            break
        distinct = np.unique(level[known])
        parent = np.full(len(people) + 1, -1, dtype=np.intp)  # last slot: unknown stays unknown
        above = [manager_of(people.key[c]) for c in distinct.tolist()]
        parent[distinct] = [-1 if k is None else people(k) for k in above]
        level = parent[level]
    return _Chains(ids.astype(np.int32), manager, np.concatenate(rows), np.concatenate(codes))


def _hours_key(person: Candidate) -> tuple[str, int, int]:
    start, end = person.working_hours
    return person.timezone, start, end


def _intern(table: dict[K, int], values: list[K]) -> NDArray[np.intp]:
    """Dense codes in first-seen order, shared between both sides through `table`."""
    add = table.setdefault
    return np.array([add(v, len(table)) for v in values], dtype=np.intp)


def _intern_optional(table: dict[str, int], values: list[str | None], unknown: int) -> Codes:
    add = table.setdefault
    return np.array([unknown if v is None else add(v, len(table)) for v in values],
                    dtype=np.int32)


def _membership(
    members: Sequence[Candidate], groups: Sequence[frozenset[str]]
) -> Membership:
    index = {p.key: i for i, p in enumerate(members)}
    rows: list[int] = []
    cols: list[int] = []
    for g, group in enumerate(groups):
        for key in group:
            if key in index:
                rows.append(index[key])
                cols.append(g)
    return Membership(np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp))


def _shares_language(profiles: Sequence[frozenset[str]]) -> NDArray[np.bool_]:
    vocabulary = {lang: i for i, lang in enumerate(sorted(set().union(*profiles)))}
    onehot = np.zeros((len(profiles), max(len(vocabulary), 1)), dtype=np.float32)
    for row, languages in enumerate(profiles):
        onehot[row, [vocabulary[lang] for lang in languages]] = 1.0
    return (onehot @ onehot.T) > 0


def _never_pairs(mentees: Sequence[Candidate], mentors: Sequence[Candidate]) -> IndexPairs:
    """Symmetric: a pair is excluded when either side lists the other."""
    mentee_index = {p.key: i for i, p in enumerate(mentees)}
    mentor_index = {p.key: j for j, p in enumerate(mentors)}
    pairs = [(i, mentor_index[k]) for i, p in enumerate(mentees) for k in p.never_match
             if k in mentor_index]
    pairs += [(mentee_index[k], j) for j, p in enumerate(mentors) for k in p.never_match
              if k in mentee_index]
    return _index_pairs(pairs)


def _rejected_pairs(
    mentees: Sequence[Candidate],
    mentors: Sequence[Candidate],
    rejected: frozenset[tuple[str, str]],
) -> IndexPairs:
    mentee_index = {p.key: i for i, p in enumerate(mentees)}
    mentor_index = {p.key: j for j, p in enumerate(mentors)}
    return _index_pairs(
        [(mentee_index[me], mentor_index[mr]) for mr, me in rejected
         if me in mentee_index and mr in mentor_index]
    )


def _index_pairs(pairs: Sequence[tuple[int, int]]) -> IndexPairs:
    array = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    return array[:, 0].copy(), array[:, 1].copy()
