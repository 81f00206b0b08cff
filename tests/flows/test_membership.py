"""Status, pause, resume, leave, help and unknown words, as transcripts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import Actor, CommandInvoked
from conversations.outbox import deliver
from conversations.replies import Card, Text
from storage.models import ConversationState, Enrollment, OutboxMessage
from tests.flows.conftest import MENTEE, Transcript


async def test_help_lists_every_command(transcript: Transcript) -> None:
    out = await transcript.say("anna", "help", lang="en")
    for word in ("join", "status", "pause 2027-03-31", "resume", "leave", "help"):
        assert f"`{word}`" in out


async def test_unknown_words_get_the_list_not_an_error(transcript: Transcript) -> None:
    out = await transcript.say("anna", "frobnicate now please", lang="en")
    assert "I don't know `frobnicate`" in out and "`join`" in out
    out = await transcript.say("anna", "kaffee", lang="de")
    assert "`kaffee` kenne ich leider nicht" in out


async def test_status_before_joining(transcript: Transcript) -> None:
    out = await transcript.say("anna", "status", lang="en")
    assert "You are not signed up for Reverse Mentoring 2027" in out


async def test_pause_needs_a_future_date_within_a_year(transcript: Transcript) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    assert "for example `pause 2027-03-31`" in await transcript.say("erika", "pause")
    assert "for example" in await transcript.say("erika", "pause next week")
    assert "for example" in await transcript.say("erika", "pause 2027-02-30")
    assert "not in the future" in await transcript.say("erika", "pause 2027-01-20")
    assert "at most a year" in await transcript.say("erika", "pause 2028-06-01")
    out = await transcript.say("erika", "pause 15.03.2027")
    assert "Your break is noted until March 15, 2027" in out
    status = await transcript.say("erika", "status")
    assert "on a break until March 15, 2027" in status


async def test_german_dates(transcript: Transcript) -> None:
    await transcript.say("erika", "join", MENTEE, lang="de")
    out = await transcript.say("erika", "pausieren 2027-03-15", lang="de")
    assert "bis zum 15. März 2027 ist eingetragen" in out


async def test_resume_ends_a_break(transcript: Transcript) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    assert "nothing to resume" in await transcript.say("erika", "resume")
    await transcript.say("erika", "pause 2027-03-01")
    assert "Welcome back" in await transcript.say("erika", "resume")
    assert "waiting for a tandem partner" in await transcript.say("erika", "status")


async def test_a_break_ends_by_itself_once_whatever_the_ticks(
    transcript: Transcript, core: TandemCore, clock: FakeClock
) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("erika", "pause 2027-02-01")
    assert core.program_id is not None
    early = await run_due_work(core.store, core.program, core.program_id, clock)
    assert early.resumed == []
    # 23:30 UTC on 31 January is already 1 February in Berlin, where Erika is.
    clock.set(datetime(2027, 1, 31, 23, 30, tzinfo=UTC))
    sent: list[tuple[str, Text | Card]] = []

    class Recorder:
        groups = False  # like the console: a group message goes to each person

        async def send(self, person_key: str, reference: object, body: Text | Card) -> None:
            sent.append((person_key, body))

    for _ in range(3):
        await run_due_work(core.store, core.program, core.program_id, clock)
        await deliver(core.store, clock, {"console": Recorder()})
        clock.advance(timedelta(minutes=1))
    assert sent == []  # the break ended at night: the welcome waits for her working time
    clock.set(datetime(2027, 2, 1, 7, 59, tzinfo=UTC))  # 8:59 in Berlin
    await deliver(core.store, clock, {"console": Recorder()})
    assert sent == []
    for _ in range(3):
        clock.advance(timedelta(minutes=1))  # from 9:00 in Berlin
        await run_due_work(core.store, core.program, core.program_id, clock)
        await deliver(core.store, clock, {"console": Recorder()})
    assert [k for k, _ in sent] == ["console:erika"]
    assert "Your break in **Reverse Mentoring 2027** ended on" in sent[0][1].markdown  # type: ignore[union-attr]
    assert "waiting for a tandem partner" in await transcript.say("erika", "status")


async def test_leave_removes_everything_future(transcript: Transcript, core: TandemCore,
                                               clock: FakeClock) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    async with core.store.unit() as repos:
        await repos.outbox.enqueue("reminder:1", "console:erika", {"type": "text",
                                                                    "markdown": "hi"}, clock.now())
    out = await transcript.say("erika", "leave")
    assert "Leave Reverse Mentoring 2027?" in out and "[1] Yes, leave" in out
    async with core.store.session() as s:  # only asked: nothing changed yet
        assert (await s.scalar(select(Enrollment.status))) == "active"
        assert await s.scalar(select(OutboxMessage)) is not None
    out = await transcript.say("erika", "1")
    assert "You have left Reverse Mentoring 2027" in out
    async with core.store.session() as s:
        enrollment = await s.scalar(select(Enrollment))
        assert enrollment is not None and enrollment.status == "withdrawn"
        assert enrollment.topics == [] and enrollment.department is None
        assert await s.scalar(select(OutboxMessage)) is None
        assert await s.scalar(select(ConversationState)) is None
    assert "not signed up" in await transcript.say("erika", "status")
    # Coming back is a fresh, voluntary sign-up.
    assert "Welcome to" in await transcript.say("erika", "join", MENTEE)


async def test_a_broken_database_gives_a_friendly_reply_and_changes_nothing(
    transcript: Transcript, core: TandemCore, caplog: pytest.LogCaptureFixture
) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    async with core.store.unit() as repos:  # a real failure: the table is gone
        await repos.session.execute(text("DROP TABLE enrollments"))
    outcome = await core.handle(CommandInvoked(Actor("console", "erika", locale="en"), "status"))
    assert outcome.outcome == "error"
    [reply] = outcome.replies
    assert isinstance(reply, Text) and "nothing was changed" in reply.markdown
    assert "Traceback" not in reply.markdown and "enrollments" not in reply.markdown
    assert any(r.getMessage() == "event failed" for r in caplog.records)


async def test_messages_for_someone_not_at_the_terminal_wait_for_them(
    transcript: Transcript, core: TandemCore, clock: FakeClock
) -> None:
    from adapters.console import ConsoleSender

    async with core.store.unit() as repos:
        for i in range(60):  # more than one claim batch
            await repos.outbox.enqueue(f"k{i}", "console:bob", {"type": "text",
                                                               "markdown": f"hi {i}"},
                                       clock.now())
        await repos.outbox.enqueue("a", "console:alice", {"type": "text", "markdown": "hey"},
                                   clock.now())
    alice_screen: list[str] = []
    report = await deliver(core.store, clock, {"console": ConsoleSender(alice_screen.append,
                                                                        "alice")})
    assert alice_screen == ["(to console:alice) hey"] and report.sent == ["a"]
    bob_screen: list[str] = []
    report = await deliver(core.store, clock, {"console": ConsoleSender(bob_screen.append,
                                                                        "bob")})
    assert len(bob_screen) == 60 and bob_screen[0] == "(to console:bob) hi 0"
