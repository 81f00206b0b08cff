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
    language_bits: NDArray[np.unsignedinteger] | None  # per profile; None above 64 languages
    overlap_minutes: NDArray[np.int64]  # hours profile x hours profile
    overlap_share: NDArray[np.float32]  # overlap / shorter working day, in [0, 1]
    never_pairs: IndexPairs  # from either person's never_match list
    rejected_pairs: IndexPairs


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
    managers_of = _manager_lookup(everyone, org_chart)
    mentee_keys, mentor_keys = [p.key for p in mentees], [p.key for p in mentors]
    # Participants take the first codes; managers on their chains are added as met. A key
    # on both sides (the peer format puts everyone on both) gets one code.
    people: dict[str, int] = {}
    for key in mentee_keys + mentor_keys:
        people.setdefault(key, len(people))
    chains = [
        _chains(keys, managers_of, people, rules.chain_depth, unknown)
        for keys, unknown in ((mentee_keys, UNKNOWN_MENTEE), (mentor_keys, UNKNOWN_MENTOR))
    ]
    # Topic sets repeat a lot: one-hot encode each distinct set once, then gather rows.
    topic_sets: dict[frozenset[str], int] = {}
    topic_profiles = [_intern(topic_sets, [p.topics for p in members])
                      for members in (mentees, mentors)]
    topic_onehot = _onehot(list(topic_sets))
    language_sets: dict[frozenset[str], int] = {}
    hours_keys: dict[tuple[str, tuple[int, int]], int] = {}
    departments: dict[str, int] = {}
    cost_centers: dict[str, int] = {}

    def side(
        members: Sequence[Candidate], chain: _Chains, topics: NDArray[np.intp], unknown: int
    ) -> Side:
        topic_matrix = topic_onehot[topics]
        return Side(
            people=tuple(members),
            ids=chain.ids,
            manager=chain.manager,
            chain=Membership(chain.rows, chain.codes),
            topics=topic_matrix,
            topic_count=topic_matrix.sum(axis=1),
            language_profile=_intern(language_sets, [p.languages for p in members]),
            hours_profile=_intern(hours_keys, [(p.timezone, p.working_hours) for p in members]),
            department=_intern_optional(departments, [p.department for p in members], unknown),
            cost_center=_intern_optional(cost_centers, [p.cost_center for p in members], unknown),
            level=np.array([NO_LEVEL if p.level is None else p.level for p in members],
                           dtype=np.int32),
            capacity=np.array([min(p.capacity, rules.group_size) for p in members],
                              dtype=np.int64),
            groups=_membership(members, rules.conflict_groups),
        )

    mentee_side = side(mentees, chains[0], topic_profiles[0], UNKNOWN_MENTEE)
    mentor_side = side(mentors, chains[1], topic_profiles[1], UNKNOWN_MENTOR)
    starts, lengths = profile_intervals(list(hours_keys), rules.reference_utc)
    overlap = overlap_minutes(starts, lengths, starts, lengths)
    shorter = np.minimum(lengths[:, None], lengths[None, :])
    return Cohort(
        mentees=mentee_side,
        mentors=mentor_side,
        person_codes=len(people),
        shares_language=_shares_language(list(language_sets)),
        language_bits=_language_bits(list(language_sets)),
        overlap_minutes=overlap,
        overlap_share=(overlap / shorter).astype(np.float32),
        never_pairs=_never_pairs(mentees, mentors),
        rejected_pairs=_rejected_pairs(mentees, mentors, rules.rejected_pairs),
    )


def _manager_lookup(
    everyone: Iterable[Candidate], org: OrgChart
) -> Callable[[list[str]], list[str | None]]:
    """Managers of many keys; a participant's own manager field overrides the HR import."""
    own = {p.key: p.manager for p in everyone if p.manager}
    own_get, chart_get = own.get, org.managers.get

    def managers_of(keys: list[str]) -> list[str | None]:
        return [own_get(key) or chart_get(key) for key in keys]

    return managers_of


def _chains(
    keys: list[str],
    managers_of: Callable[[list[str]], list[str | None]],
    people: dict[str, int],
    depth: int,
    unknown: int,
) -> _Chains:
    """Person codes, direct managers, and each member's closed chain: the member and the
    first `depth` managers above. Above the direct manager only distinct managers are looked
    up (teams share them), and only keys on these short chains get codes, never the whole
    org chart. The walk stops after `depth` steps, so cycles in bad org data are harmless."""
    code = people.setdefault
    ids = np.fromiter(map(people.__getitem__, keys), dtype=np.intp, count=len(keys))
    level = np.array([-1 if k is None else code(k, len(people)) for k in managers_of(keys)],
                     dtype=np.intp)
    manager = level.astype(np.int32)
    manager[level < 0] = unknown
    rows, codes = [np.arange(len(keys))], [ids]
    for step in range(depth):
        known = level >= 0
        rows.append(np.flatnonzero(known))
        codes.append(level[known])
        if step + 1 == depth:
            break
        distinct = np.unique(level[known])
        names = list(people)  # code -> key: dict order is code order
        above = managers_of([names[c] for c in distinct.tolist()])
        parent = np.full(len(people) + 1, -1, dtype=np.intp)  # last slot: unknown stays unknown
        parent[distinct] = [-1 if k is None else code(k, len(people)) for k in above]
        level = parent[level]
    return _Chains(ids.astype(np.int32), manager, np.concatenate(rows), np.concatenate(codes))


def _intern(table: dict[K, int], values: list[K]) -> NDArray[np.intp]:
    """Dense codes in first-seen order, shared between both sides through `table`. Only
    distinct values go through Python; the per-person lookup is a C-level map."""
    for value in dict.fromkeys(values):
        table.setdefault(value, len(table))
    return np.fromiter(map(table.__getitem__, values), dtype=np.intp, count=len(values))


def _intern_optional(table: dict[str, int], values: list[str | None], unknown: int) -> Codes:
    for value in dict.fromkeys(values):
        if value is not None:
            table.setdefault(value, len(table))
    lookup: dict[str | None, int] = {k: v for k, v in table.items()}
    lookup[None] = unknown
    return np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=len(values))


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


def _onehot(sets: Sequence[frozenset[str]]) -> NDArray[np.float32]:
    """sets x sorted vocabulary, 0/1 in float32 so overlaps are BLAS products."""
    vocabulary = {item: i for i, item in enumerate(sorted(set().union(*sets)))}
    onehot = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    rows = [row for row, items in enumerate(sets) for _ in items]
    onehot[rows, [vocabulary[item] for items in sets for item in items]] = 1.0
    return onehot


def _shares_language(profiles: Sequence[frozenset[str]]) -> NDArray[np.bool_]:
    onehot = _onehot(profiles)
    return (onehot @ onehot.T) > 0


def _language_bits(profiles: Sequence[frozenset[str]]) -> NDArray[np.unsignedinteger] | None:
    """Each language set as a bit mask in the narrowest unsigned type: "no shared language"
    becomes one AND per pair over 1-byte values in the usual case of few languages."""
    vocabulary = {lang: i for i, lang in enumerate(sorted(set().union(*profiles)))}
    dtype = next((t for t in (np.uint8, np.uint16, np.uint32, np.uint64)
                  if len(vocabulary) <= 8 * np.dtype(t).itemsize), None)
    if dtype is None:
        return None
    masks = [sum(1 << vocabulary[lang] for lang in languages) for languages in profiles]
    return np.array(masks, dtype=dtype)


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
