"""Whatever someone types in the DM while a retro waits for an answer — any unicode, control
characters, NUL and half surrogate pairs, thousands of characters, the steering words, a
number out of range — gets a reply, never an error, and no stored answer is longer than
`MAX_ANSWER_TEXT`.

One core serves every example (the examples run on one event loop driven from this
synchronous test); before each, the retro is reset to the question the example picks.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import MessageReceived
from conversations.flows.questionnaires import FLOW
from conversations.program import Program
from storage.db import Store
from storage.migrate import upgrade
from storage.models import MAX_ANSWER_TEXT, Answer, AnswerText, Response
from storage.questionnaires import Given
from tests.flows.checkin_setup import active_tandem, actor, text_of
from tests.flows.test_retro_reminders import ask

WORDS = ["skip", "back", "stop", "cancel", "zurück", "überspringen", "Stopp", "help", "retro",
         "my retros", "0", "6", "7", "10/10", "-1", "²", "١٤", "5.", "3 ", "", " ", "\x00",
         "status", "/tandem status"]

reply_text = st.one_of(
    st.text(),  # any unicode, control characters included
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=5),
    st.text(min_size=MAX_ANSWER_TEXT - 5, max_size=MAX_ANSWER_TEXT + 5),
    st.text(min_size=2000, max_size=6000),
    st.sampled_from(WORDS),
    st.tuples(st.sampled_from(WORDS), st.text(max_size=20)).map(" ".join),
)


async def _setup(store: Store, program: Program, clock: FakeClock) -> tuple[TandemCore, int]:
    await upgrade(store.engine)
    core = TandemCore(store, program, clock)
    await core.start()
    assert core.program_id is not None
    tid = await active_tandem(store, core.program_id, clock.now(), ["mia", "alex"],
                              ["mentor", "mentee"])
    await ask(core, clock, [tid])
    async with store.session() as s:
        rid = await s.scalar(select(Response.id).where(Response.role == "mentee"))
    assert rid is not None
    return core, rid


async def _reset(core: TandemCore, rid: int, skipped: int) -> None:
    """The retro open again at question `skipped` + 1, holding Alex's DMs from now."""
    now = core.clock.now()
    async with core.store.unit() as repos:
        for model in (AnswerText, Answer):
            await repos.session.execute(delete(model).where(model.response_id == rid))
        await repos.session.execute(update(Response).where(Response.id == rid).values(
            completed_at=None, shared_at=None, version=Response.version + 1))
        response = await repos.responses.get(rid)
        assert response is not None
        for question in ("learned", "worked", "change")[:skipped]:
            await repos.responses.put(response, Given(question, skipped=True), now)
        await repos.states.put("console:alex", FLOW, f"hold:{rid}",
                               {"from": now.isoformat()}, now)


async def _one(core: TandemCore, rid: int, skipped: int, typed: str) -> None:
    await _reset(core, rid, skipped)
    outcome = await core.handle(MessageReceived(actor("alex"), typed))
    assert outcome.outcome == "ok", outcome
    assert text_of(outcome.replies).strip(), outcome.replies
    async with core.store.session() as s:
        longest = await s.scalar(select(func.max(func.length(AnswerText.text))))
    assert (longest or 0) <= MAX_ANSWER_TEXT


def test_any_reply_to_an_open_retro_gets_an_answer_and_stores_what_fits(
        sqlite_url: str, program: Program, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with asyncio.Runner() as runner:
        store = Store.from_url(sqlite_url)
        core, rid = runner.run(_setup(store, program, clock))
        try:
            @settings(max_examples=100, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])
            @given(typed=reply_text, skipped=st.integers(0, 3))
            def example(typed: str, skipped: int) -> None:
                clock.advance(timedelta(minutes=1))
                runner.run(_one(core, rid, skipped, typed))
                problems = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
                assert not problems, [r.getMessage() for r in problems]

            example()
        finally:
            runner.run(store.close())
