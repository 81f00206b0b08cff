"""Crafted values get a friendly answer, never an error, on SQLite and on PostgreSQL.

`"²".isdigit()` is True while `int("²")` raises; 10**20 overflows an integer column; NUL
cannot be stored in PostgreSQL text; a goal of control characters is no goal.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.logs import JsonFormatter
from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, Event, FormSubmitted
from conversations.replies import Card, FormErrors, Outcome, Text
from storage.models import Enrollment, Person, Tandem

SIGNUP = {"role": "mentee", "topics": ["social"], "department": "Vertrieb",
          "languages": ["de", "en"], "timezone": "Europe/Berlin", "level": "lead",
          "consent": ["yes"]}


def who(name: str, display: str | None = None) -> Actor:
    return Actor("console", name, display_name=display or name.title(), locale="en")


async def ok(core: TandemCore, event: Event) -> Outcome:
    outcome = await core.handle(event)
    assert outcome.outcome == "ok", outcome
    return outcome


def said(outcome: Outcome) -> str:
    return "\n".join(r.markdown for r in outcome.replies if isinstance(r, Text))


@pytest.fixture
async def tandem_id(any_core: TandemCore) -> AsyncIterator[str]:
    await ok(any_core, FormSubmitted(who("salesvp"), "signup", SIGNUP))
    await ok(any_core, FormSubmitted(who("ben"), "signup", {
        **SIGNUP, "role": "mentor", "level": "junior", "department": "Marketing"}))
    [card] = (await ok(any_core, CommandInvoked(who("hr"), "match"))).replies
    assert isinstance(card, Card)
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await ok(any_core, ButtonClicked(who("hr"), "match.approve_all", run))
    async with any_core.store.session() as s:
        yield str(await s.scalar(select(Tandem.id)))


async def test_control_characters_are_removed_from_what_is_stored(any_core: TandemCore) -> None:
    outcome = await ok(any_core, FormSubmitted(who("erika", "Er\x00ika\u200d👩‍💻"), "signup", {
        **SIGNUP, "department": "Ver\x00trieb\x07\tNord\x9b", "topics": ["soc\x00ial"]}))
    assert "Welcome to" in said(outcome)
    async with any_core.store.session() as s:
        enrollment = await s.scalar(select(Enrollment))
        person = await s.scalar(select(Person).where(Person.key == "console:erika"))
    assert enrollment is not None and enrollment.department == "Vertrieb Nord"
    assert enrollment.topics == ["social"]
    assert person is not None and person.display_name == "Erika\u200d👩‍💻"  # emoji stay


async def test_a_goal_of_only_control_characters_is_refused(any_core: TandemCore,
                                                            tandem_id: str) -> None:
    for goal in ("\x00\x01\x1f", "\x00 \u200b\t"):
        [errors] = (await ok(any_core, FormSubmitted(
            who("salesvp"), f"goals:{tandem_id}", {"goal1": goal, "goal2": "\x7f"}))).replies
        assert isinstance(errors, FormErrors)
        assert errors.errors == {"goal1": "Please write at least one learning goal."}
    async with any_core.store.session() as s:
        tandem = await s.get(Tandem, int(tandem_id))
        assert tandem is not None and tandem.goals == []
    await ok(any_core, FormSubmitted(who("salesvp"), f"goals:{tandem_id}",
                                     {"goal1": "Tik\x00Tok verstehen 🎬"}))
    async with any_core.store.session() as s:
        tandem = await s.get(Tandem, int(tandem_id))
        assert tandem is not None and tandem.goals == ["TikTok verstehen 🎬"]


NOT_IDS = ("²", "100000000000000000000", "10²⁰", "٣", "#0", "-1")


async def test_numbers_that_are_not_ids_get_a_friendly_answer(any_core: TandemCore,
                                                              tandem_id: str) -> None:
    for number in NOT_IDS:
        out = said(await ok(any_core, CommandInvoked(who("hr"), f"dissolve {number}")))
        assert "Please give the number of a current tandem" in out, number
        for action in ("kickoff.rules", "kickoff.goals"):
            out = said(await ok(any_core, ButtonClicked(who("salesvp"), action, number)))
            assert "This belongs to a tandem you are not part of" in out, number
        for action in ("match.approve", "match.approve_all", "match.reject"):
            out = said(await ok(any_core, ButtonClicked(who("hr"), action, number)))
            assert "These proposals are out of date" in out, number
        [*_, reply] = (await ok(any_core, FormSubmitted(who("salesvp"), f"goals:{number}",
                                                         {"goal1": "x"}))).replies
        assert isinstance(reply, Text) and "not part of" in reply.markdown, number


async def test_cadence_numbers_are_ascii_and_in_range(any_core: TandemCore,
                                                      tandem_id: str) -> None:
    for days in ("²", "1⁴", "٣١", "100000000000000000000", "14.0", "6", "32"):
        [errors] = (await ok(any_core, FormSubmitted(who("ben"), f"cadence:{tandem_id}", {
            "days": days, "minutes": "4\x005", "mode": "video"}))).replies
        assert isinstance(errors, FormErrors) and set(errors.errors) == {"days"}, days


async def test_unusable_time_zones_and_dates_are_refused_kindly(any_core: TandemCore) -> None:
    for zone in ("Europe", "a" * 300, "Europe/../../etc"):
        [errors] = (await ok(any_core, FormSubmitted(who("erika"), "signup",
                                                     {**SIGNUP, "timezone": zone}))).replies
        assert isinstance(errors, FormErrors) and set(errors.errors) == {"timezone"}
    await ok(any_core, FormSubmitted(who("erika"), "signup", SIGNUP))
    for day in ("²⁰²⁷-03-31", "٢٠٢٧-٠٣-٣١", "99999999999999999999-01-01"):
        out = said(await ok(any_core, CommandInvoked(who("erika"), f"pause {day}")))
        assert "Please give the date your break ends" in out


async def test_a_constraint_that_is_a_bug_is_logged_and_answered_try_again(
    any_core: TandemCore, caplog: pytest.LogCaptureFixture
) -> None:
    """Not a conflict between two clicks: the person is told to retry, the operator sees it."""
    async with any_core.store.unit() as repos:  # a real constraint the code knows nothing of
        if any_core.store.dialect == "postgresql":
            await repos.session.execute(text(
                "ALTER TABLE enrollments ADD CONSTRAINT ck_probe CHECK (department <> 'Geheim')"))
        else:
            await repos.session.execute(text(
                "CREATE TRIGGER ck_probe BEFORE INSERT ON enrollments "
                "WHEN NEW.department = 'Geheim' BEGIN SELECT RAISE(ABORT, 'probe'); END"))
    caplog.set_level(logging.INFO)
    outcome = await any_core.handle(FormSubmitted(who("erika"), "signup",
                                                  {**SIGNUP, "department": "Geheim"}))
    assert outcome.outcome == "error"
    [reply] = outcome.replies
    assert isinstance(reply, Text) and "Please try again in a moment" in reply.markdown
    [record] = [r for r in caplog.records if r.getMessage() == "event failed"]
    assert record.levelno == logging.ERROR
    line: dict[str, Any] = json.loads(JsonFormatter().format(record))
    assert line["error"] == "IntegrityError" and "flows/signup.py" in line["stack"]
    # What the person typed never reaches the log (PostgreSQL's DETAIL repeats the row).
    assert "Geheim" not in json.dumps(line) and "Vertrieb" not in json.dumps(line)
    async with any_core.store.session() as s:
        assert await s.scalar(select(Enrollment)) is None
