"""The program file: what a coordinator configures, parsed and validated without any I/O.

Validation is hand-written rather than JSON Schema because TOML gives native dates and we want
messages that name the bad key in words a coordinator understands (`sessions.minutes must be …`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SUPPORTED_LANGUAGES = ("en", "de")
DEFAULT_LEVELS = ("apprentice", "junior", "professional", "senior", "lead", "executive")
PERSON_KEY = re.compile(r"^(slack|teams|console):[^\s:][^\s]*$")


class ProgramError(ValueError):
    """The program file is invalid; `problems` lists every bad key with what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Topic:
    id: str
    labels: dict[str, str]  # language → label

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.id


@dataclass(frozen=True)
class MatchingSettings:
    """The `[matching]` table: hard-rule parameters and soft-score weights."""

    chain_depth: int = 2  # no shared reporting chain up to manager (1) and skip-level (2)
    reverse: str = "required"  # mentor's level below the mentee's: required / preferred / off
    min_level_gap: int = 1
    group_size: int = 1  # most mentees per mentor (1 = 1:1 tandems)
    mentor_capacity: int = 1  # default mentees per mentor, at most group_size
    conflict_groups: tuple[frozenset[str], ...] = ()  # person keys or e-mails never paired
    same_cost_center_conflicts: bool = True
    w_topics: float = 1.0
    w_department: float = 0.3
    w_timezone: float = 0.2
    w_reverse: float = 0.2


@dataclass(frozen=True)
class Program:
    name: str
    start: date
    months: int
    topics: tuple[Topic, ...]
    cadence_days: int = 14
    session_minutes: int = 60
    levels: tuple[str, ...] = DEFAULT_LEVELS  # ids, most junior first
    level_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id → language → label
    coordinators: frozenset[str] = frozenset()
    quick_wins_channels: dict[str, str] = field(default_factory=dict)
    timezone: str = "Europe/Berlin"
    working_hours: tuple[int, int] = (9, 17)
    language: str = "en"
    languages: tuple[str, ...] = ("de", "en")  # languages people can choose to hold sessions in
    matching: MatchingSettings = field(default_factory=lambda: MatchingSettings())
    kickoff_deadline_days: int = 10  # nudge when not active after N days, escalate after 2N

    def level_label(self, level: str, language: str) -> str:
        """A level's label in `language`; a level given as a plain string is its own label."""
        labels = self.level_labels.get(level, {})
        return labels.get(language) or labels.get("en") or level.capitalize()

    def find_level(self, text: str | None) -> str | None:
        """The level id that `text` names: its id or a label in any language, ignoring case
        and surrounding spaces (HR's "Senior", "SENIOR", the German "Führungskraft")."""
        wanted = (text or "").strip().casefold()
        if not wanted:
            return None
        for level in self.levels:
            names = {level, *self.level_labels.get(level, {}).values()}
            if wanted in {n.strip().casefold() for n in names}:
                return level
        return None

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def is_coordinator(self, person_key: str) -> bool:
        return person_key in self.coordinators


_KNOWN: dict[str, set[str]] = {
    "": {"program", "sessions", "topics", "levels", "coordinators", "quick_wins", "schedule",
         "matching", "kickoff"},
    "matching": {"chain_depth", "reverse", "min_level_gap", "group_size", "mentor_capacity",
                 "conflict_groups", "same_cost_center_conflicts", "weights"},
    "kickoff": {"deadline_days"},
    "program": {"name", "start", "months", "language", "languages"},
    "sessions": {"cadence_days", "minutes"},
    "schedule": {"timezone", "working_hours"},
    "quick_wins": {"slack", "teams", "console"},
}


def parse_program(data: dict[str, Any]) -> Program:
    """Build a Program from the parsed TOML document, or raise ProgramError naming every bad key."""
    problems: list[str] = []

    def table(name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.append(f"'{name}' must be a table ([{name}])")
            return {}
        for key in value:
            if key not in _KNOWN[name]:
                problems.append(f"unknown key '{name}.{key}'")
        return value

    for key in data:
        if key not in _KNOWN[""]:
            problems.append(f"unknown key '{key}'")

    prog, sessions, schedule, wins = (
        table("program"), table("sessions"), table("schedule"), table("quick_wins")
    )
    match_table, kickoff = table("matching"), table("kickoff")

    def integer(where: dict[str, Any], name: str, key: str, default: int | None, lo: int,
                hi: int) -> int:
        value = where.get(key, default)
        if value is None:
            problems.append(f"'{name}' is required")
            return lo
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            problems.append(f"'{name}' must be a whole number from {lo} to {hi}, not {value!r}")
            return lo
        return value

    name = prog.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("'program.name' is required and must be text")
        name = "?"
    start = prog.get("start")
    if not isinstance(start, date):
        problems.append("'program.start' must be a date like 2027-01-15")
        start = date(1970, 1, 1)
    months = integer(prog, "program.months", "months", None, 1, 36)
    language = prog.get("language", "en")
    if language not in SUPPORTED_LANGUAGES:
        problems.append(f"'program.language' must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        language = "en"
    languages = prog.get("languages", ["de", "en"])
    if not (isinstance(languages, list) and languages
            and all(isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}", x) for x in languages)):
        problems.append("'program.languages' must be a list of codes like [\"de\", \"en\"]")
        languages = ["de", "en"]

    cadence = integer(sessions, "sessions.cadence_days", "cadence_days", 14, 7, 31)
    minutes = integer(sessions, "sessions.minutes", "minutes", 60, 30, 120)

    tz = schedule.get("timezone", "Europe/Berlin")
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"'schedule.timezone' is not a known time zone: {tz!r}")
        tz = "UTC"
    hours = schedule.get("working_hours", [9, 17])
    if not (isinstance(hours, list) and len(hours) == 2
            and all(isinstance(h, int) and 0 <= h <= 24 for h in hours) and hours[0] < hours[1]):
        problems.append("'schedule.working_hours' must be two hours like [9, 17]")
        hours = [9, 17]

    topics: list[Topic] = []
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        problems.append("'topics' is required: at least one [[topics]] entry with id and en")
        raw_topics = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_topics):
        where = f"topics[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"'{where}' must be a table")
            continue
        tid = raw.get("id")
        if not isinstance(tid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,40}", tid):
            problems.append(f"'{where}.id' must be a short lower-case id like 'ai-tools'")
            continue
        if tid in seen:
            problems.append(f"'{where}.id' repeats the topic '{tid}'")
        seen.add(tid)
        labels = {k: v for k, v in raw.items() if k != "id"}
        for k, v in labels.items():
            if k not in SUPPORTED_LANGUAGES or not isinstance(v, str) or not v.strip():
                problems.append(f"unknown or empty key '{where}.{k}' (use en = \"…\", de = \"…\")")
        if "en" not in labels:
            problems.append(f"'{where}.en' is required (the English label)")
        topics.append(Topic(tid, {k: str(v) for k, v in labels.items()}))

    levels, level_labels = _parse_levels(data.get("levels", list(DEFAULT_LEVELS)), problems)

    coordinators = data.get("coordinators", [])
    if not isinstance(coordinators, list):
        problems.append("'coordinators' must be a list like [\"slack:U123\", \"teams:<id>\"]")
        coordinators = []
    for c in coordinators:
        if not isinstance(c, str) or not PERSON_KEY.match(c):
            problems.append(
                f"'coordinators' entry {c!r} must be a platform user id like 'slack:U123'"
            )

    for k, v in wins.items():
        if not isinstance(v, str) or not v:
            problems.append(f"'quick_wins.{k}' must be a channel id")

    matching = _parse_matching(match_table, problems, integer)
    deadline = integer(kickoff, "kickoff.deadline_days", "deadline_days", 10, 1, 60)

    if problems:
        raise ProgramError(problems)
    return Program(
        name=name.strip(),
        start=start,
        months=months,
        topics=tuple(topics),
        cadence_days=cadence,
        session_minutes=minutes,
        levels=tuple(levels),
        level_labels=level_labels,
        coordinators=frozenset(coordinators),
        quick_wins_channels=dict(wins),
        timezone=str(tz),
        working_hours=(hours[0], hours[1]),
        language=language,
        languages=tuple(languages),
        matching=matching,
        kickoff_deadline_days=deadline,
    )


def _parse_levels(raw: Any, problems: list[str]
                  ) -> tuple[list[str], dict[str, dict[str, str]]]:
    """`levels`, junior first: plain names (`"senior"`) or tables with labels like topics
    (`{ id = "lead", en = "Lead", de = "Führungskraft" }`), mixed freely. No two levels may
    share a name, in any language and ignoring case, so an imported value names one level."""
    bad = "'levels' must be a list of at least two distinct names, junior first"
    if not isinstance(raw, list) or len(raw) < 2:
        problems.append(bad)
        return list(DEFAULT_LEVELS), {}
    levels: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for i, entry in enumerate(raw):
        where = f"levels[{i}]"
        names: dict[str, Any] = {}
        if isinstance(entry, str) and entry.strip():
            level = entry
        elif isinstance(entry, dict):
            given = entry.get("id")
            if not isinstance(given, str) or not given.strip():
                problems.append(f"'{where}.id' is required (the level's name in the data)")
                continue
            level = given
            names = {k: v for k, v in entry.items() if k != "id"}
            for k, v in names.items():
                if k not in SUPPORTED_LANGUAGES or not isinstance(v, str) or not v.strip():
                    problems.append(f"unknown or empty key '{where}.{k}' (use en = \"…\", "
                                    "de = \"…\")")
            names = {k: str(v).strip() for k, v in names.items()
                     if k in SUPPORTED_LANGUAGES and isinstance(v, str) and v.strip()}
        else:
            problems.append(bad)
            continue
        for name in {level, *names.values()}:
            folded = name.strip().casefold()
            if owner.setdefault(folded, level) != level:
                problems.append(f"'{where}': the name {name!r} is used by two levels")
        levels.append(level)
        if names:
            labels[level] = names
    if len(set(levels)) != len(levels) or len(levels) < 2:
        problems.append(bad)
        return list(DEFAULT_LEVELS), {}
    return levels, labels


def _parse_matching(raw: dict[str, Any], problems: list[str], integer: Any) -> MatchingSettings:
    depth = integer(raw, "matching.chain_depth", "chain_depth", 2, 0, 6)
    gap = integer(raw, "matching.min_level_gap", "min_level_gap", 1, 0, 10)
    group = integer(raw, "matching.group_size", "group_size", 1, 1, 4)
    capacity = integer(raw, "matching.mentor_capacity", "mentor_capacity", 1, 1, 4)
    if capacity > group:
        problems.append("'matching.mentor_capacity' must not exceed 'matching.group_size'")
    reverse = raw.get("reverse", "required")
    if reverse not in ("required", "preferred", "off"):
        problems.append("'matching.reverse' must be \"required\", \"preferred\" or \"off\"")
        reverse = "required"
    same_cc = raw.get("same_cost_center_conflicts", True)
    if not isinstance(same_cc, bool):
        problems.append("'matching.same_cost_center_conflicts' must be true or false")
        same_cc = True
    groups: list[frozenset[str]] = []
    raw_groups = raw.get("conflict_groups", [])
    if not isinstance(raw_groups, list):
        raw_groups = None
    for i, group_members in enumerate(raw_groups or []):
        if not (isinstance(group_members, list) and len(group_members) >= 2
                and all(isinstance(m, str) and (PERSON_KEY.match(m) or "@" in m)
                        for m in group_members)):
            problems.append(f"'matching.conflict_groups[{i}]' must list two or more person ids "
                            "(slack:U…) or e-mail addresses")
            continue
        groups.append(frozenset(m.lower() if "@" in m else m for m in group_members))
    if raw_groups is None:
        problems.append("'matching.conflict_groups' must be a list of lists")
    weights = raw.get("weights", {})
    values = {"topics": 1.0, "department": 0.3, "timezone": 0.2, "reverse": 0.2}
    if not isinstance(weights, dict):
        problems.append("'matching.weights' must be a table")
        weights = {}
    for key, value in weights.items():
        if key not in values:
            problems.append(f"unknown key 'matching.weights.{key}'")
        elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            problems.append(f"'matching.weights.{key}' must be a number >= 0")
        else:
            values[key] = float(value)
    if values["topics"] <= 0:
        problems.append("'matching.weights.topics' must be above 0: topics are the main term")
        values["topics"] = 1.0
    return MatchingSettings(
        chain_depth=depth, reverse=str(reverse), min_level_gap=gap, group_size=group,
        mentor_capacity=capacity, conflict_groups=tuple(groups),
        same_cost_center_conflicts=same_cc, w_topics=values["topics"],
        w_department=values["department"], w_timezone=values["timezone"],
        w_reverse=values["reverse"],
    )
