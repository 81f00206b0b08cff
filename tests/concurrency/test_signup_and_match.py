"""A double submit of the sign-up form, and two `match` at once, on two replicas."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from conversations.events import CommandInvoked, FormSubmitted
from conversations.replies import Card, FormAccepted
from storage.models import Enrollment, MatchRun, Person
from tests.concurrency.conftest import Replicas, actor, at_once, sign_up, text
from tests.flows.test_matching_kickoff import JUNIORS, LEADERS

SIGNUP = {"role": "mentee", "topics": ["social"], "department": "Vertrieb",
          "languages": ["de", "en"], "timezone": "Europe/Berlin", "level": "lead",
          "consent": ["yes"]}


async def test_a_double_submit_enrols_once_and_both_answers_are_true(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "tandem.core")
    first, second = await at_once(
        replicas.stores,
        replicas.a.handle(FormSubmitted(actor("erika"), "signup", SIGNUP, event_id="s1")),
        replicas.b.handle(FormSubmitted(actor("erika"), "signup", SIGNUP, event_id="s2")))
    assert first.outcome == second.outcome == "ok", (first, second)
    for outcome in (first, second):
        assert isinstance(outcome.replies[0], FormAccepted)  # the form closes for both
    answers = sorted([text(first.replies), text(second.replies)])
    assert answers[0].startswith("Welcome to")
    assert answers[1].startswith("You are already signed up as **mentee**. Nothing was changed")
    # The loser hit the unique person key, ran again and found the enrolment.
    assert any(getattr(r, "reason", None) == "people_key_key" for r in caplog.records)
    async with replicas.a.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person)) == 1
        assert await s.scalar(select(func.count()).select_from(Enrollment)) == 1


async def test_two_match_commands_at_once_leave_one_open_run(replicas: Replicas) -> None:
    for name in ("salesvp", "ben"):
        cohort = LEADERS if name in LEADERS else JUNIORS
        await sign_up(replicas.a, name, "mentee" if cohort is LEADERS else "mentor",
                      *cohort[name][:3])
    await replicas.a.handle(CommandInvoked(actor("hr"), "help"))  # the coordinator is known
    one, two = await at_once(replicas.stores,
                             replicas.a.handle(CommandInvoked(actor("hr"), "match")),
                             replicas.b.handle(CommandInvoked(actor("hr"), "match")))
    assert one.outcome == two.outcome == "ok"
    assert all(isinstance(o.replies[0], Card) for o in (one, two))
    async with replicas.a.store.session() as s:
        statuses = sorted((await s.scalars(select(MatchRun.status))).all())
    assert statuses == ["open", "superseded"]
