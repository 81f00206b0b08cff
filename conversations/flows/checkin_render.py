"""The tick's check-ins and reminders, thousands at once, each exactly as `checkin_wording`
words it for that person.

A message is rendered once per kind of message by the wording itself, for a stand-in tandem
whose partner, deliverable and number are markers (`_Template`); each person's message is
that template with their partners' names, their tandem's deliverable and number filled in
where the markers stand. A template's key names everything else the wording reads: the
reader's language and form of address, the kind, the reader's role, the tandem's turn (the
tips rotate with it), the period (its date and month's theme), the format and the target
date. Names and typed text still enter only through `verbatim` (the markers are verbatim
segments, and so are the values put in their place). The same goes for who gets it when:
one working-time computation per (zone, hours, days), not per person.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from conversations.flows import checkin_wording as wording
from conversations.flows.members import Members
from conversations.flows.wording import person_name, translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Message, message_to_dict, verbatim
from conversations.working_time import next_working_moment, working_time_of
from storage.models import Person, Tandem, TandemMember
from storage.sessions import DueRow

# Private-use characters, kept by `verbatim` and found nowhere in a catalog text.
_PARTNER = verbatim("\ue010partner\ue011")
_DELIVERABLE = verbatim("\ue012deliverable\ue013")
_TANDEM = 987_654_321_987  # a tandem number no program reaches: it stands only where the id went
_SLOTS = {_PARTNER: "partner", _DELIVERABLE: "deliverable", str(_TANDEM): "tandem"}
_MARKER = re.compile("(" + "|".join(re.escape(s) for s in _SLOTS) + ")")

TemplateKey = tuple[Any, ...]


class _Template:
    """A rendered message (`message_to_dict`) with its stand-ins marked as slots."""

    def __init__(self, body: dict[str, object]) -> None:
        self._shape = _compile(body)

    def fill(self, values: dict[str, str]) -> dict[str, Any]:
        filled = _fill(self._shape, values)
        assert isinstance(filled, dict)
        return filled


class _Slot(str):
    """The name of a value to fill in."""


def _compile(node: object) -> object:
    if isinstance(node, str):
        parts = _MARKER.split(node)
        if len(parts) == 1:
            return node
        return tuple(_Slot(_SLOTS[p]) if i % 2 else p for i, p in enumerate(parts) if p)
    if isinstance(node, dict):
        return {k: _compile(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_compile(v) for v in node]
    return node


def _fill(shape: object, values: dict[str, str]) -> object:
    if isinstance(shape, str):
        return shape
    if isinstance(shape, tuple):
        return "".join(values[p] if isinstance(p, _Slot) else p for p in shape)
    if isinstance(shape, dict):
        return {k: _fill(v, values) for k, v in shape.items()}
    if isinstance(shape, list):
        return [_fill(v, values) for v in shape]
    return shape


class Renderer:
    """One tick's messages: templates, translators and delivery times, each made once."""

    def __init__(self, program: Program, now: datetime) -> None:
        self.program, self.now = program, now
        self._templates: dict[TemplateKey, _Template] = {}
        self._translators: dict[str | None, Translator] = {}
        self._moments: dict[tuple[Any, ...], datetime] = {}

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

    def message(self, kind: str, row: DueRow, partners: str, period: date) -> dict[str, Any]:
        """`kind` ("checkin", "reminder" or "target") for the member of `row`, whose
        partners' names (`partners_text`) are `partners`."""
        t = self.translator(row.locale)
        turn = wording.turn_since(row.activated_at or row.approved_at, row.cadence_days,
                                  period, self.program)
        key = (kind, t.language, t.german, row.role, turn, period, row.format,
               bool(row.deliverable), row.target_date)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = _Template(message_to_dict(
                self._render(kind, t, row, period)))
        return template.fill({
            "partner": partners, "tandem": str(row.tandem_id),
            "deliverable": verbatim(row.deliverable) if row.deliverable else ""})

    def _render(self, kind: str, t: Translator, row: DueRow, period: date) -> Message:
        """The message for a stand-in of `row`'s tandem and member (see the module)."""
        tandem = Tandem(id=_TANDEM, format=row.format, cadence_days=row.cadence_days,
                        activated_at=row.activated_at, approved_at=row.approved_at,
                        deliverable=(_DELIVERABLE[1:-1] if row.deliverable else None),
                        target_date=row.target_date)
        tandem.members = [TandemMember(person_id=1, role=row.role),
                          TandemMember(person_id=2, role=row.role)]
        me = Person(id=1, key=row.key)
        partner = Person(id=2, key="stand-in:partner", display_name=_PARTNER[1:-1])
        members = Members(tandem, {1: me, 2: partner})
        if kind == "checkin":
            return wording.checkin_card(t, self.program, members, me, period)
        if kind == "reminder":
            return wording.reminder_card(t, self.program, members, me, period)
        return wording.target_card(t, members, me)


def names_of(rows: list[DueRow]) -> list[str]:
    """Each member's name as the wording shows it (`person_name`), in the tandem's order."""
    return [person_name(row, row.key) for row in rows]


def partners_of(names: list[str], index: int) -> str:
    """`partners_text` of the member at `index`: everyone else's names."""
    if len(names) == 2:
        return names[1 - index]
    return ", ".join(n for i, n in enumerate(names) if i != index)
