"""From the database to the matching engine's input: candidates, the org chart and the rules.

Identities: participants are their platform keys. HR's directory may name managers by e-mail;
an e-mail that belongs to a known platform key is mapped onto it, otherwise the manager stays
`email:<address>` so reporting chains through people who never signed up still count.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from conversations.aggregates.enrollment import EnrollmentState
from conversations.matching import Candidate, MatchRules, OrgChart
from conversations.program import Program
from storage.repositories import Repositories


@dataclass(frozen=True)
class Cohort:
    candidates: tuple[Candidate, ...]
    org: OrgChart
    rules: MatchRules
    people: dict[str, Any]  # key → row with `display_name`, for names in proposals
    # Peers: what each wants to learn (their `topics` are what they teach); empty otherwise.
    wants: dict[str, frozenset[str]] = field(default_factory=dict)
    # The program's format when the pool was read: proposals made under another format are
    # out of date (a format changes between match runs; running tandems keep their own).
    format: str = "one_to_one"


class _Ids:
    """Maps e-mails, unambiguous names and platform keys from HR data onto one identity."""

    def __init__(self, directory: list[Any], people: list[Any]) -> None:
        self.by_email = {d.email: d.person_key for d in directory if d.email and d.person_key}
        # A typed name (Teams has no people picker in cards) counts only if it is unambiguous
        # among HR's directory and the people who signed up.
        named = [((d.name or "").strip().casefold(), self.id_of(d)) for d in directory if d.name]
        named += [(p.display_name.strip().casefold(), p.key) for p in people if p.display_name]
        owners: dict[str, set[str | None]] = {}
        for name, ident in named:
            owners.setdefault(name, set()).add(ident)
        self.by_name = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}

    @staticmethod
    def id_of(entry: Any) -> str | None:
        return entry.person_key or (f"email:{entry.email}" if entry.email else None)

    def canonical(self, ref: str | None) -> str | None:
        if not ref:
            return None
        ref = ref.strip()
        if "@" in ref and ":" not in ref.split("@")[0]:
            email = ref.lower()
            return self.by_email.get(email) or f"email:{email}"
        if ":" in ref:
            return ref
        return self.by_name.get(ref.casefold())


def find_level(program: Program, text: str | None) -> str | None:
    """The level key that `text` names: its key or its label in any language, ignoring case
    and surrounding spaces (HR's "Senior", "SENIOR", the German "Teamleitung"); the first
    level that has the name when a program file gives two levels one name."""
    wanted = (text or "").strip().casefold()
    if not wanted:
        return None
    for key in program.levels:
        names = {key, *program.level(key).labels.values()}
        if wanted in {name.strip().casefold() for name in names}:
            return key
    return None


def level_index(program: Program, level: str | None) -> int | None:
    found = find_level(program, level)
    return None if found is None else program.levels.index(found)


def pool_digest(cohort: Cohort) -> str:
    """A fingerprint of everything matching reads (people, org chart, rules; not the instant),
    independent of the process's hash seed: equal digests, equal proposals."""

    def plain(value: Any) -> Any:
        if isinstance(value, frozenset | set):
            return sorted(plain(v) for v in value)
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    rules = {k: v for k, v in asdict(cohort.rules).items() if k != "reference_utc"}
    data = {"people": sorted((plain(asdict(c)) for c in cohort.candidates),
                             key=lambda c: c["key"]),
            "org": sorted(cohort.org.managers.items()), "rules": plain(rules),
            "format": cohort.format}
    if cohort.wants:  # peers: a changed wish changes the pool (other formats have none)
        data["wants"] = plain(cohort.wants)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


async def load_cohort(repos: Repositories, program: Program, program_id: int,
                      now: datetime, released: Iterable[Iterable[str]] = ()) -> Cohort:
    """`released`: the member keys of proposals whose live tandems count as not yet made,
    to see the pool as a match run saw it before its own approvals."""
    rows = await repos.enrollments.cohort_rows(program_id)
    directory = await repos.directory.rows()
    ids = _Ids(directory, rows)
    entry_by_key = {d.person_key: d for d in directory if d.person_key}
    # Who is already in a tandem: a mentor keeps taking mentees up to their capacity.
    busy = await repos.tandems.busy_counts(program_id)
    person_of = {e.key: e.person_id for e in rows}
    for keys in released:
        found = [person_of.get(k) for k in keys]
        known = [i for i in found if i is not None]
        if len(known) == len(found) and await repos.tandems.live_between(program_id, known):
            for i in known:
                busy[i] -= 1

    settings = program.matching
    candidates: list[Candidate] = []
    people: dict[str, Any] = {}
    wants: dict[str, frozenset[str]] = {}
    for e in rows:
        entry = entry_by_key.get(e.key)
        capacity = settings.mentor_capacity if e.role == "mentor" else 1
        left = capacity - busy.get(e.person_id, 0)
        if left <= 0:
            continue  # fully in tandems already: not part of this round
        people[e.key] = e
        if e.role == "peer":
            wants[e.key] = frozenset(e.wants or ())
        level = e.level or (entry.level if entry else None)
        candidates.append(Candidate(
            key=e.key,
            role="mentor" if e.role == "mentor" else "mentee",
            topics=frozenset(e.topics),
            department=e.department or (entry.department if entry else None),
            languages=frozenset(e.languages),
            timezone=e.timezone,
            working_hours=program.working_hours,
            level=level_index(program, level),
            manager=ids.canonical(e.manager) or ids.canonical(entry.manager_ref if entry else None),
            cost_center=entry.cost_center if entry else None,
            never_match=frozenset(k for k in (ids.canonical(x) for x in e.never_match) if k),
            capacity=left,
            available=e.status == EnrollmentState.ACTIVE,
        ))

    managers: dict[str, str] = {}
    for d in directory:
        me = _Ids.id_of(d)
        boss = ids.canonical(d.manager_ref)
        if me and boss and boss != me:
            managers[me] = boss
    groups = tuple(frozenset(k for k in (ids.canonical(m) for m in g) if k)
                   for g in settings.conflict_groups)
    rejected = await repos.matches.rejected(program_id)
    rules = MatchRules(
        chain_depth=settings.chain_depth,
        reverse=settings.reverse,
        min_level_gap=settings.min_level_gap,
        conflict_groups=groups,
        conflict_on_same_cost_center=settings.same_cost_center_conflicts,
        group_size=settings.group_size,
        w_topics=settings.w_topics,
        w_department=settings.w_department,
        w_timezone=settings.w_timezone,
        w_reverse_preferred=settings.w_reverse,
        rejected_pairs=frozenset(rejected),
        reference_utc=now,
    )
    return Cohort(tuple(candidates), OrgChart(managers), rules, people, wants,
                  program.format)
