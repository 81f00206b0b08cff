"""The tick's check-ins and reminders, thousands at once, each exactly as `checkin_wording`
words it for that person.

A message is rendered once per kind of message by the wording itself, for a stand-in tandem
whose partner, deliverable and number are markers (`Template`); each person's message is
that template with their partners' names, their tandem's deliverable and number filled in
where the markers stand. A template's key names everything else the wording reads: the
reader's language and form of address, the kind, the reader's role, the tandem's turn (the
tips rotate with it), the period (its date and month's theme), the format and the target
date. Names and typed text still enter only through `verbatim` (the markers are verbatim
segments, and so are the values put in their place). The same goes for who gets it when:
one working-time computation per (zone, hours, days), not per person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from conversations.flows import checkin_wording as wording
from conversations.flows.members import Members
from conversations.flows.wording import person_name, translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Message, message_to_dict, verbatim
from conversations.working_time import next_working_moment, working_time_of
from storage.bulk import Encoded
from storage.models import Person, Tandem
from storage.sessions import DueRow

# Private-use characters, kept by `verbatim` and found nowhere in a catalog text.
_PARTNER = verbatim("\ue010partner\ue011")
_DELIVERABLE = verbatim("\ue012deliverable\ue013")
_TANDEM = 987_654_321_987  # a tandem number no program reaches: it stands only where the id went
_SLOTS = {_PARTNER: "partner", _DELIVERABLE: "deliverable", str(_TANDEM): "tandem"}

TemplateKey = tuple[Any, ...]


def json_text(value: str) -> str:
    """`value` as it reads inside a JSON string (what `json.dumps` writes between quotes)."""
    return json.dumps(value)[1:-1]


class Template:
    """A rendered message as its JSON text, its stand-ins (`slots`: stand-in → name) made
    `str.format` fields: filling one in is one C-level format call, and the body needs no
    encoding of its own (JSON escapes character by character, so values escaped with
    `json_text` can be put in as they are). A stand-in is text found nowhere else in the
    message, which the wording only puts in (never measures, cuts or formats)."""

    def __init__(self, body: dict[str, object], slots: dict[str, str]) -> None:
        text = json.dumps(body).replace("{", "{{").replace("}", "}}")
        for stand_in, slot in slots.items():
            text = text.replace(json_text(stand_in), "{" + slot + "}")
        self._text = text

    def fill(self, **values: str) -> Encoded:
        """The message with these values, each already JSON-escaped (`json_text`)."""
        return Encoded(self._text.format(**values))


class Renderer:
    """One tick's messages: templates, translators and delivery times, each made once."""

    def __init__(self, program: Program, now: datetime) -> None:
        self.program, self.now = program, now
        self._templates: dict[TemplateKey, Template] = {}
        self._translators: dict[str | None, Translator] = {}
        self._moments: dict[tuple[Any, ...], datetime] = {}
        self._turns: dict[tuple[datetime, int, date], int] = {}

    def translator(self, locale: str | None) -> Translator:
        t = self._translators.get(locale)
        if t is None:
            t = self._translators[locale] = translator_of(Person(locale=locale), self.program)
        return t

    def not_before(self, row: DueRow) -> datetime:
        """The person's next working moment from now (`working_time_of`)."""
        days = tuple(row.work_days) if row.work_days else None
        key = (row.timezone, row.hours_start, row.hours_end, days)
        moment = self._moments.get(key)
        if moment is None:
            person = Person(timezone=row.timezone, hours_start=row.hours_start,
                            hours_end=row.hours_end, work_days=row.work_days)
            moment = self._moments[key] = next_working_moment(
                self.now, working_time_of(person, self.program))
        return moment

    def message(self, kind: str, row: DueRow, partners: str, period: date) -> Encoded:
        """`kind` ("checkin", "reminder" or "target") for the member of `row`, whose
        partners' names (`partners_text`) are `partners`, JSON-escaped (`json_text`)."""
        t = self.translator(row.locale)
        counted = (row.started, row.cadence_days, period)
        turn = self._turns.get(counted)
        if turn is None:
            turn = self._turns[counted] = wording.turn_since(*counted, self.program)
        key = (kind, t.language, t.german, row.role, turn, period, row.format,
               bool(row.deliverable), row.target_date)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = Template(message_to_dict(
                self._render(kind, t, row, period)), _SLOTS)
        return template.fill(
            partner=partners, tandem=str(row.tandem_id),
            deliverable=json_text(verbatim(row.deliverable)) if row.deliverable else "")

    def _render(self, kind: str, t: Translator, row: DueRow, period: date) -> Message:
        """The message for a stand-in of `row`'s tandem and member (see the module)."""
        tandem = _StandInTandem(
            id=_TANDEM, format=row.format, cadence_days=row.cadence_days,
            activated_at=row.started, approved_at=row.started,
            deliverable=_DELIVERABLE[1:-1] if row.deliverable else None,
            target_date=row.target_date,
            members=[_StandInMember(1, row.role), _StandInMember(2, row.role)])
        me = _StandInPerson(1, row.key)
        people = {1: me, 2: _StandInPerson(2, "stand-in:partner", _PARTNER[1:-1])}
        # Plain objects with what the wording reads: an ORM object costs ~100 us to make.
        members = Members(cast(Tandem, tandem), cast(dict[int, Person], people))
        person = cast(Person, me)
        if kind == "checkin":
            return wording.checkin_card(t, self.program, members, person, period)
        if kind == "reminder":
            return wording.reminder_card(t, self.program, members, person, period)
        return wording.target_card(t, members, person)


@dataclass(frozen=True)
class _StandInMember:
    person_id: int
    role: str
    left_at: datetime | None = None


@dataclass(frozen=True)
class _StandInTandem:
    id: int
    format: str
    cadence_days: int
    activated_at: datetime
    approved_at: datetime
    deliverable: str | None
    target_date: date | None
    members: list[_StandInMember]


@dataclass(frozen=True)
class _StandInPerson:
    id: int
    key: str
    display_name: str | None = None


def names_of(rows: list[DueRow]) -> list[str]:
    """Each member's name as the wording shows it (`person_name`), in the tandem's order,
    JSON-escaped (`json_text`)."""
    return [json_text(person_name(row, row.key)) for row in rows]


def partners_of(names: list[str], index: int) -> str:
    """`partners_text` of the member at `index`: everyone else's names (`names_of`)."""
    if len(names) == 2:
        return names[1 - index]
    return ", ".join(n for i, n in enumerate(names) if i != index)
