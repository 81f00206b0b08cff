"""`leave` keeps its word: the sign-up answers, and every copy of them, are gone."""

from __future__ import annotations

from sqlalchemy import select

from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, Event, FormSubmitted
from conversations.replies import Card, Text, Update
from storage.models import ConversationState, Enrollment, MatchRun, Person, ProposedPair, Tandem

SIGNUP = {"role": "mentee", "topics": ["social", "tools"], "department": "Vertrieb",
          "manager": "console:boss", "languages": ["de", "en"], "timezone": "Europe/Vienna",
          "level": "lead", "never_match": ["console:rival", "console:ex"], "consent": ["yes"]}


def who(name: str) -> Actor:
    return Actor("console", name, display_name=name.title(), locale="en")


async def ok(core: TandemCore, event: Event) -> list[object]:
    outcome = await core.handle(event)
    assert outcome.outcome == "ok", outcome
    return list(outcome.replies)


async def test_leave_deletes_the_answers_and_their_copies(any_core: TandemCore) -> None:
    await ok(any_core, FormSubmitted(who("salesvp"), "signup", SIGNUP))
    await ok(any_core, FormSubmitted(who("ben"), "signup", {
        **SIGNUP, "role": "mentor", "level": "junior", "department": "Marketing",
        "never_match": [], "timezone": "Europe/Berlin", "manager": ""}))
    await ok(any_core, FormSubmitted(who("azubi"), "signup", {  # unmatched: params kept
        **SIGNUP, "role": "mentee", "level": "apprentice", "never_match": []}))
    [card] = await ok(any_core, CommandInvoked(who("hr"), "match"))
    assert isinstance(card, Card), card
    assert "Could not match (1)" in "\n".join(card.sections)
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await ok(any_core, ButtonClicked(who("hr"), "match.approve_all", run))
    async with any_core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
    await ok(any_core, FormSubmitted(who("salesvp"), f"goals:{tid}",
                                     {"goal1": "Understand what my team posts"}))
    await ok(any_core, CommandInvoked(who("salesvp"), "join"))  # a form left open
    await ok(any_core, CommandInvoked(who("azubi"), "join"))
    [confirm] = await ok(any_core, CommandInvoked(who("salesvp"), "leave"))
    assert isinstance(confirm, Card)
    [yes] = [b for b in confirm.buttons if b.action_id == "leave.confirm"]
    [reply] = await ok(any_core, ButtonClicked(who("salesvp"), yes.action_id, yes.value))
    assert isinstance(reply, Update) and isinstance(reply.body, Text)  # the card says so now
    assert "your sign-up answers were deleted" in reply.body.markdown
    [confirm] = await ok(any_core, CommandInvoked(who("azubi"), "leave"))
    assert isinstance(confirm, Card)
    await ok(any_core, ButtonClicked(who("azubi"), "leave.confirm", confirm.buttons[0].value))

    async with any_core.store.session() as s:
        person = await s.scalar(select(Person).where(Person.key == "console:salesvp"))
        assert person is not None
        e = await s.scalar(select(Enrollment).where(Enrollment.person_id == person.id))
        assert e is not None and e.status == "withdrawn" and e.role == "mentee"
        assert (e.topics, e.languages, e.never_match) == ([], [], [])
        assert (e.department, e.manager, e.level) == (None, None, None)
        assert e.timezone == any_core.program.timezone
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "dissolved"
        assert (tandem.goals, tandem.shared_topics) == ([], [])
        for key in ("console:salesvp", "console:azubi"):
            assert await s.scalar(select(ConversationState)
                                  .where(ConversationState.person_key == key)) is None
        for match_run in await s.scalars(select(MatchRun)):
            assert all(u["key"] not in ("console:salesvp", "console:azubi")
                       for u in match_run.unmatched)
        for pair in await s.scalars(select(ProposedPair)):
            assert pair.explanation == {}
        # The partner's own answers stay.
        ben = await s.scalar(select(Enrollment).where(Enrollment.department == "Marketing"))
        assert ben is not None and ben.status == "active" and ben.topics == ["social", "tools"]
