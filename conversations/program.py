"""The program file: what a coordinator configures, parsed and validated without any I/O.

Validation is hand-written rather than JSON Schema because TOML gives native dates and we want
messages that name the bad key in words a coordinator understands (`sessions.minutes must be …`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from conversations.matching.model import REVERSE_MODES, ReverseMode
from conversations.working_time import WEEKDAYS, parse_days

SUPPORTED_LANGUAGES = ("en", "de")
DEFAULT_LEVELS = ("apprentice", "junior", "professional", "senior", "lead", "executive")
# Labels of the default level names, for program files that list levels as plain names.
DEFAULT_LEVEL_LABELS: dict[str, dict[str, str]] = {
    "apprentice": {"en": "Apprentice", "de": "In Ausbildung"},
    "junior": {"en": "Junior", "de": "Junior"},
    "professional": {"en": "Professional", "de": "Professional"},
    "senior": {"en": "Senior", "de": "Senior"},
    "lead": {"en": "Lead", "de": "Teamleitung"},
    "executive": {"en": "Executive", "de": "Geschäftsleitung"},
}
GERMAN_FORMS = ("sie", "du")
Format = Literal["one_to_one", "group", "peer", "project"]
FORMATS: tuple[Format, ...] = ("one_to_one", "group", "peer", "project")
MAX_CIRCLE_SIDE = 8  # most mentors or mentees in one circle: beyond it a circle is a class
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
class Level:
    """A seniority level: its key (stored, matched on) and its labels by language."""

    key: str
    labels: dict[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.key.capitalize()


@dataclass(frozen=True)
class MatchingSettings:
    """The `[matching]` table: hard-rule parameters and soft-score weights."""

    chain_depth: int = 2  # no shared reporting chain up to manager (1) and skip-level (2)
    # The mentor's level below the mentee's: required / preferred / off.
    reverse: ReverseMode = "required"
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
class GroupSettings:
    """The `[groups]` table: inclusive ranges of circle sizes (format = "group" only)."""

    mentors: tuple[int, int] = (3, 4)  # juniors per circle
    mentees: tuple[int, int] = (1, 2)  # seniors per circle


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later; the 31st of a shorter month is its last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Program:
    name: str
    start: date
    months: int
    topics: tuple[Topic, ...]
    cadence_days: int = 14
    session_minutes: int = 60
    levels: tuple[str, ...] = DEFAULT_LEVELS  # level keys, most junior first
    level_labels: dict[str, dict[str, str]] = field(
        default_factory=lambda: dict(DEFAULT_LEVEL_LABELS))  # key → language → label
    coordinators: frozenset[str] = frozenset()
    # Where quick wins are posted, by platform: a Slack channel id, a Teams channel id, a
    # console channel name (`[quick_wins] slack/teams/console`).
    quick_wins_channels: dict[str, str] = field(default_factory=dict)
    quick_wins_curate: bool = False  # a coordinator approves each quick win last
    timezone: str = "Europe/Berlin"
    working_hours: tuple[int, int] = (9, 17)
    working_days: tuple[int, ...] = WEEKDAYS  # ISO weekdays, 1 = Monday
    holidays: frozenset[date] = frozenset()  # local dates: nothing is sent on its own then
    language: str = "en"
    german: str = "sie"  # how German texts address people: formal "sie" or informal "du"
    languages: tuple[str, ...] = ("de", "en")  # languages people can choose to hold sessions in
    matching: MatchingSettings = field(default_factory=lambda: MatchingSettings())
    format: Format = "one_to_one"
    groups: GroupSettings = field(default_factory=lambda: GroupSettings())
    kickoff_deadline_days: int = 10  # nudge when not active after N days, escalate after 2N
    # Missed cadences without a session before the coordinators hear of a quiet tandem.
    escalate_after_missed: int = 2
    tips: bool = True  # a preparation tip with each check-in and planned-session reminder
    agenda: tuple[tuple[int, str], ...] = ()  # (month of the run, 1…months; topic id)
    # Coordinators see aggregates only of at least this many tandems ([privacy] min_group).
    min_group: int = 3
    # Free-text answers are deleted this many days after the program's end.
    retention_days: int = 180

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    @property
    def end(self) -> date:
        """The day the program's run ends: `start` plus `months` (the 31st of a shorter month
        is its last day)."""
        return add_months(self.start, self.months)

    def topic_label(self, topic_id: str, language: str) -> str | None:
        """The topic's label in `language`, or None for an id the program file does not know."""
        topic = self.topic(topic_id)
        return topic.label(language) if topic is not None else None

    def theme(self, month: int) -> str | None:
        """The agenda's topic id for the run's `month` (1 = the first month), if any."""
        return dict(self.agenda).get(month)

    def is_coordinator(self, person_key: str) -> bool:
        return person_key in self.coordinators

    def level(self, key: str) -> Level:
        """A level with its labels (a key the file does not label shows capitalised)."""
        return Level(key, self.level_labels.get(key) or DEFAULT_LEVEL_LABELS.get(key, {}))


_KNOWN: dict[str, set[str]] = {
    "": {"program", "sessions", "topics", "levels", "coordinators", "quick_wins", "schedule",
         "matching", "kickoff", "groups", "agenda", "privacy"},
    "privacy": {"min_group", "retention_days"},
    "groups": {"mentors", "mentees"},
    "matching": {"chain_depth", "reverse", "min_level_gap", "group_size", "mentor_capacity",
                 "conflict_groups", "same_cost_center_conflicts", "weights"},
    "kickoff": {"deadline_days"},
    "program": {"name", "start", "months", "language", "languages", "german", "format"},
    "sessions": {"cadence_days", "minutes", "escalate_after_missed", "tips"},
    "schedule": {"timezone", "working_hours", "working_days", "holidays"},
    "quick_wins": {"slack", "teams", "console", "curate"},
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
    match_table, kickoff, groups_table = table("matching"), table("kickoff"), table("groups")
    privacy = table("privacy")

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
    german = prog.get("german", "sie")
    if german not in GERMAN_FORMS:
        problems.append("'program.german' must be \"sie\" (formal) or \"du\" (informal)")
        german = "sie"
    languages = prog.get("languages", ["de", "en"])
    if not (isinstance(languages, list) and languages
            and all(isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}", x) for x in languages)):
        problems.append("'program.languages' must be a list of codes like [\"de\", \"en\"]")
        languages = ["de", "en"]

    cadence = integer(sessions, "sessions.cadence_days", "cadence_days", 14, 7, 31)
    minutes = integer(sessions, "sessions.minutes", "minutes", 60, 30, 120)
    escalate = integer(sessions, "sessions.escalate_after_missed", "escalate_after_missed", 2,
                       1, 12)
    min_group = integer(privacy, "privacy.min_group", "min_group", 3, 2, 50)
    retention = integer(privacy, "privacy.retention_days", "retention_days", 180, 1, 3650)
    tips = sessions.get("tips", True)
    if not isinstance(tips, bool):
        problems.append("'sessions.tips' must be true or false")
        tips = True

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
    working_days = _parse_working_days(schedule.get("working_days", "mon-fri"), problems)
    holidays = _parse_holidays(schedule.get("holidays", []), problems)

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

    agenda = _parse_agenda(data.get("agenda", []), months, seen, problems)
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

    channels, curate = _parse_quick_wins(wins, problems)

    matching = _parse_matching(match_table, problems, integer)
    program_format, groups = _parse_format(prog, groups_table, "groups" in data, matching,
                                           problems)
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
        quick_wins_channels=channels,
        quick_wins_curate=curate,
        timezone=str(tz),
        working_hours=(hours[0], hours[1]),
        working_days=working_days,
        holidays=holidays,
        language=language,
        german=str(german),
        languages=tuple(languages),
        matching=matching,
        format=program_format,
        groups=groups,
        kickoff_deadline_days=deadline,
        escalate_after_missed=escalate,
        tips=tips,
        agenda=agenda,
        min_group=min_group,
        retention_days=retention,
    )


# A Slack channel id (C… public, G… private); a Teams channel id as Teams links name it.
_SLACK_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,}$")
_TEAMS_CHANNEL = re.compile(r"^19:\S+$")


def _parse_quick_wins(raw: dict[str, Any], problems: list[str]) -> tuple[dict[str, str], bool]:
    """`[quick_wins]`: a channel per platform (by id, never by name: names change and repeat)
    and `curate`."""
    curate = raw.get("curate", False)
    if not isinstance(curate, bool):
        problems.append("'quick_wins.curate' must be true or false")
        curate = False
    channels: dict[str, str] = {}
    for key, value in raw.items():
        if key == "curate":
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'quick_wins.{key}' must be a channel id")
        elif key == "slack" and not _SLACK_CHANNEL.match(value):
            problems.append("'quick_wins.slack' must be a Slack channel id like C0123456789 "
                            f"(the channel's details show it), not {value!r}")
        elif key == "teams" and not _TEAMS_CHANNEL.match(value):
            problems.append("'quick_wins.teams' must be a Teams channel id like "
                            f"19:abc@thread.tacv2 (from 'Get link to channel'), not {value!r}")
        else:
            channels[key] = value.strip()
    return channels, curate


def _parse_working_days(raw: Any, problems: list[str]) -> tuple[int, ...]:
    """Day names as one text ("mon-fri", "mon,wed") or a list (["mon", "tue-thu"])."""
    parts = [raw] if isinstance(raw, str) else raw
    days = None
    if isinstance(parts, list) and parts and all(isinstance(p, str) for p in parts):
        days = parse_days(",".join(parts))
    if not days:
        problems.append("'schedule.working_days' must be day names mon, tue, wed, thu, fri, "
                        f"sat, sun like \"mon-fri\" or [\"mon\", \"tue\", \"thu\"], "
                        f"not {raw!r}")
        return WEEKDAYS
    return days


def _parse_holidays(raw: Any, problems: list[str]) -> frozenset[date]:
    if not isinstance(raw, list):
        problems.append("'schedule.holidays' must be a list of dates like "
                        "[2027-12-24, 2027-12-31]")
        return frozenset()
    days: set[date] = set()
    for i, day in enumerate(raw):
        # TOML's date-times are dates too in Python: a holiday is a whole local day.
        if not isinstance(day, date) or isinstance(day, datetime):
            problems.append(f"'schedule.holidays[{i}]' must be a date like 2027-12-24 "
                            f"(no quotes, no time), not {day!r}")
            continue
        days.add(day)
    return frozenset(days)


def _parse_agenda(raw: Any, months: int, topics: set[str], problems: list[str]
                  ) -> tuple[tuple[int, str], ...]:
    """`[[agenda]]` entries: `month` (1 … program.months) and `topic` (a topic's id); each
    month at most once. The check-ins of that month name its theme."""
    if not isinstance(raw, list):
        problems.append("'agenda' must be a list of [[agenda]] entries with month and topic")
        return ()
    agenda: dict[int, str] = {}
    for i, item in enumerate(raw):
        where = f"agenda[{i}]"
        if not isinstance(item, dict):
            problems.append(f"'{where}' must be a table with month and topic")
            continue
        for key in item:
            if key not in ("month", "topic"):
                problems.append(f"unknown key '{where}.{key}' (use month and topic)")
        month, topic = item.get("month"), item.get("topic")
        if (not isinstance(month, int) or isinstance(month, bool)
                or not 1 <= month <= max(months, 1)):
            problems.append(f"'{where}.month' must be a whole number from 1 to {months} "
                            f"(program.months), not {month!r}")
            continue
        if month in agenda:
            problems.append(f"'{where}.month' repeats month {month}")
            continue
        if not isinstance(topic, str) or topic not in topics:
            problems.append(f"'{where}.topic' must be the id of one of the [[topics]], "
                            f"not {topic!r}")
            continue
        agenda[month] = topic
    return tuple(sorted(agenda.items()))


def _parse_levels(raw: Any, problems: list[str]
                  ) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Levels as plain names (`levels = ["junior", …]`) or, like topics, with labels
    (`[[levels]]` with `id`, `en`, `de`); both may be mixed. Junior first."""
    wrong = "'levels' must be a list of at least two distinct names, junior first"
    if not isinstance(raw, list) or len(raw) < 2:
        problems.append(wrong)
        return list(DEFAULT_LEVELS), dict(DEFAULT_LEVEL_LABELS)
    keys: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    for i, item in enumerate(raw):
        if isinstance(item, str) and item:
            keys.append(item)
            if item in DEFAULT_LEVEL_LABELS:
                labels[item] = DEFAULT_LEVEL_LABELS[item]
            continue
        if not isinstance(item, dict):
            problems.append(wrong)
            continue
        key = item.get("id")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"'levels[{i}].id' is required: the level's name, like 'senior'")
            continue
        names = {k: v for k, v in item.items() if k != "id"}
        for k, v in names.items():
            if k not in SUPPORTED_LANGUAGES or not isinstance(v, str) or not v.strip():
                problems.append(f"unknown or empty key 'levels[{i}].{k}' (use en = \"…\", "
                                "de = \"…\")")
        keys.append(key)
        labels[key] = {k: str(v).strip() for k, v in names.items() if isinstance(v, str)}
    if len(set(keys)) != len(keys):
        problems.append(wrong)
    return keys, labels


def _parse_format(prog: dict[str, Any], raw: dict[str, Any], has_groups: bool,
                  matching: MatchingSettings, problems: list[str]
                  ) -> tuple[Format, GroupSettings]:
    """`program.format` and `[groups]`. `matching.group_size` keeps its old meaning (one
    mentor with several separate 1:1 tandems), so it is refused outside one_to_one: a
    circle's size comes from `[groups]`."""
    program_format: Format = "one_to_one"
    given = prog.get("format", "one_to_one")
    if given in FORMATS:
        program_format = given
    else:
        problems.append("'program.format' must be one of " + ", ".join(f'"{f}"' for f in FORMATS))
    if program_format != "one_to_one" and (matching.group_size > 1
                                           or matching.mentor_capacity > 1):
        problems.append(f"'matching.group_size' and 'matching.mentor_capacity' apply only to "
                        f"format \"one_to_one\" (one mentor in several 1:1 tandems); with "
                        f"\"{program_format}\" leave them at 1"
                        + (" and set circle sizes in [groups]" if program_format == "group"
                           else ""))
    if has_groups and program_format != "group":
        problems.append("'groups' applies only when 'program.format' is \"group\"")
    sizes = {}
    for key, default in (("mentors", (3, 4)), ("mentees", (1, 2))):
        value = raw.get(key, list(default))
        if not (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            problems.append(f"'groups.{key}' must be two whole numbers [min, max] like "
                            f"{list(default)}")
            value = list(default)
        elif not 1 <= value[0] <= value[1] <= MAX_CIRCLE_SIDE:
            problems.append(f"'groups.{key}' must have 1 <= min <= max <= {MAX_CIRCLE_SIDE}, "
                            f"not {value}")
            value = list(default)
        sizes[key] = (value[0], value[1])
    return program_format, GroupSettings(mentors=sizes["mentors"], mentees=sizes["mentees"])


def _parse_matching(raw: dict[str, Any], problems: list[str], integer: Any) -> MatchingSettings:
    depth = integer(raw, "matching.chain_depth", "chain_depth", 2, 0, 6)
    gap = integer(raw, "matching.min_level_gap", "min_level_gap", 1, 0, 10)
    group = integer(raw, "matching.group_size", "group_size", 1, 1, 4)
    capacity = integer(raw, "matching.mentor_capacity", "mentor_capacity", 1, 1, 4)
    if capacity > group:
        problems.append("'matching.mentor_capacity' must not exceed 'matching.group_size'")
    reverse: ReverseMode = "required"
    given = raw.get("reverse", "required")
    if given in REVERSE_MODES:
        reverse = given
    else:
        problems.append("'matching.reverse' must be \"required\", \"preferred\" or \"off\"")
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
        chain_depth=depth, reverse=reverse, min_level_gap=gap, group_size=group,
        mentor_capacity=capacity, conflict_groups=tuple(groups),
        same_cost_center_conflicts=same_cc, w_topics=values["topics"],
        w_department=values["department"], w_timezone=values["timezone"],
        w_reverse=values["reverse"],
    )
