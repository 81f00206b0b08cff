"""The tick renders each kind of check-in once and fills in each person's names
(`checkin_render`): what everyone receives is exactly what the wording says for them."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from conversations.flows import checkin_wording as wording
from conversations.flows.checkin_render import Renderer, json_text, names_of, partners_of
from conversations.flows.checkins import QuietCards, quiet_card
from conversations.flows.members import Members
from conversations.flows.wording import translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import message_to_dict
from storage.models import Person, Tandem, TandemMember
from storage.sessions import DueRow

NOW = datetime(2027, 3, 10, 7, 0, tzinfo=UTC)
# Names as people typed them: markup, a line break, the verbatim markers, no name at all.
NAMES = ["Ada *Lovelace*", None, "Erika\nMustermann", "Jo \ue000`x`\ue001", 'Mia {0} "M"']
FORMATS = {  # format → roles of its members
    "one_to_one": ["mentor", "mentee"],
    "group": ["mentor", "mentee", "mentee"],
    "peer": ["peer", "peer"],
    "project": ["mentor", "mentee"],
}


def _rows(tandem_id: int, format: str, locales: list[str | None], activated: datetime,
          deliverable: str | None) -> list[DueRow]:
    roles = FORMATS[format]
    return [DueRow(
        tandem_id=tandem_id, format=format, cadence_days=14, due_on=date(2027, 3, 3),
        planned_on=None, last_session_on=None, started=activated,
        deliverable=deliverable, target_date=date(2027, 3, 17) if format == "project" else None,
        version=1, person_id=10 * tandem_id + i, role=role, key=f"slack:U{tandem_id}x{i}",
        display_name=NAMES[(tandem_id + i) % len(NAMES)], locale=locales[i % len(locales)],
        timezone="Europe/Berlin", hours_start=None, hours_end=None, work_days=None,
        paused_until=None) for i, role in enumerate(roles)]


def _direct(kind: str, program: Program, rows: list[DueRow], index: int, period: date
            ) -> dict[str, object]:
    """What the wording says, given the tandem and its people as objects."""
    first = rows[0]
    tandem = Tandem(id=first.tandem_id, format=first.format, cadence_days=first.cadence_days,
                    activated_at=first.started, approved_at=first.started,
                    deliverable=first.deliverable, target_date=first.target_date,
                    due_on=first.due_on)
    tandem.members = [TandemMember(person_id=r.person_id, role=r.role) for r in rows]
    people = {r.person_id: Person(id=r.person_id, key=r.key, display_name=r.display_name,
                                  locale=r.locale) for r in rows}
    members, me = Members(tandem, people), people[rows[index].person_id]
    t = translator_of(me, program)
    if kind == "checkin":
        return message_to_dict(wording.checkin_card(t, program, members, me, period))
    if kind == "reminder":
        return message_to_dict(wording.reminder_card(t, program, members, me, period))
    return message_to_dict(wording.target_card(t, members, me))


@pytest.mark.parametrize(("german", "tips"), [("sie", True), ("du", True), ("sie", False)])
def test_every_filled_in_message_is_the_wordings_own(program: Program, german: str,
                                                     tips: bool) -> None:
    program = replace(program, german=german, tips=tips)
    render = Renderer(program, NOW)
    deliverables = [None, "A *demo* of `tandem` for {the} board\n- \"really\" ü"]
    tandem_ids = itertools.count(1)
    compared, rendered = 0, []
    # Twice over: the second round's tandems (other numbers, other names) reuse every
    # message the first round rendered.
    for _round, format, kind, weeks, locales, deliverable in itertools.product(
            (1, 2), FORMATS, ("checkin", "reminder", "target"), (0, 3, 9),
            (["en"], ["de"], ["de-AT", None]), deliverables):
        if (_round, format, kind) == (2, "one_to_one", "checkin") and weeks == 0:
            rendered.append(len(render._templates))
        if kind == "target" and format != "project":
            continue
        rows = _rows(next(tandem_ids), format, list(locales),
                     datetime(2027, 1, 4, 9, tzinfo=UTC) - timedelta(weeks=weeks), deliverable)
        names = names_of(rows)
        for period in (date(2027, 3, 3), date(2027, 4, 14)):
            for i, row in enumerate(rows):
                filled = json.loads(render.message(kind, row, partners_of(names, i), period))
                assert filled == _direct(kind, program, rows, i, period), (format, kind, i)
                compared += 1
    assert compared > 1000
    assert rendered[0] == len(render._templates)


def test_the_stand_ins_never_reach_anyone(program: Program) -> None:
    render = Renderer(program, NOW)
    rows = _rows(7, "project", ["de"], datetime(2027, 1, 4, 9, tzinfo=UTC), "Ship it")
    body = str(json.loads(render.message("checkin", rows[0], partners_of(names_of(rows), 0),
                                         date(2027, 3, 3))))
    assert "\ue010" not in body and "\ue012" not in body and "987654321987" not in body
    assert "7:2027-03-03" in body  # the tandem's own number in the buttons


@pytest.mark.parametrize(("language", "german"), [("en", "sie"), ("de", "sie"), ("de", "du")])
def test_a_filled_in_quiet_tandem_card_is_the_wordings_own(language: str, german: str) -> None:
    t = Translator(language, german)
    cards = QuietCards(t)
    since = date(2027, 3, 3)
    for pair, mentor, mentee in ((True, "\ue000Ada {x}\ue001", '\ue000Jo "J" Ü\ue001'),
                                 (False, "\ue000Mia\ue001", "\ue000Erika\ue001, \ue000Li\ue001")):
        facts = dict(id="17", mentor=mentor, mentee=mentee, days="35", cadence="14",
                     checkins="2", reminders="0", snoozes="1", helps="0", value="17:2027-02-03")
        escaped = {k: json_text(v) for k, v in facts.items()}
        direct = message_to_dict(quiet_card(t, dict(facts, date=t.date(since, "long")), pair))
        assert json.loads(cards.message(escaped, since, pair)) == direct
