"""`tandem purge [--dry-run]` and the tick enforce `[privacy] retention_days`: free-text
answers go once the program ended that many days ago (scores and choices stay, so the
evaluation's numbers do not change), sent messages' rows after as long, delivery ids after
an hour; a dry run counts by kind and deletes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from bot.config import EXAMPLE_PROGRAM, load_program
from bot.scheduler import forget_old, texts_kept_until
from conversations.clock import FakeClock
from conversations.core import TandemCore
from storage.db import Store
from storage.models import Answer, AnswerText, OutboxMessage, ProcessedEvent
from tests.cli.conftest import Cli
from tests.storage.answered import answer, tandems

THEN = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
# The example program runs 2027-01-15 … 2027-07-15; 180 days later is 2028-01-11.
BEFORE = "2027-12-01T09:00:00+00:00"
AFTER = "2028-02-01T09:00:00+00:00"


async def seed(url: str) -> int:
    store = Store.from_url(url)
    core = TandemCore(store, load_program(EXAMPLE_PROGRAM), FakeClock(THEN))
    await core.start()
    pid = core.program_id
    assert pid is not None
    for tid in await tandems(store, pid, THEN, 3):
        await answer(store, pid, tid, "retro", date(2027, 1, 26), THEN,
                     {"learned": "a private lesson", "rating": 4}, subject="session:1")
        await answer(store, pid, tid, "retro", date(2027, 1, 26), THEN,
                     {"taught": "a private note", "rating": 5}, role="mentor",
                     subject="session:1")
    async with store.unit() as repos:
        await repos.outbox.enqueue("old-note:1", "console:m0", {"type": "text",
                                                                "markdown": "hi"}, THEN)
        message = await repos.session.scalar(select(OutboxMessage))
        assert message is not None
        await repos.outbox.mark_sent(message.id, THEN)
        await repos.events.first_time("slack", "Ev1", THEN)
    await store.close()
    return pid


async def counts(url: str, pid: int) -> dict[str, Any]:
    store = Store.from_url(url)
    async with store.unit() as repos:
        found = {model.__tablename__: await repos.session.scalar(
            select(func.count()).select_from(model))
            for model in (AnswerText, Answer, OutboxMessage, ProcessedEvent)}
        found["evaluation"] = await repos.evaluation.evaluation(pid, 3)
    await store.close()
    return found


def test_purge_dry_run_counts_and_purge_deletes_free_text_only_after_retention(
        tandem: Cli) -> None:
    assert tandem(["migrate"]).returncode == 0
    pid = asyncio.run(seed(tandem.url))
    before = asyncio.run(counts(tandem.url, pid))
    assert before["answer_texts"] == 6 and before["outbox"] == 1

    dry = tandem(["purge", "--dry-run"], now=AFTER)
    assert dry.returncode == 0, dry.stderr
    assert "dry run: nothing was deleted" in dry.stdout
    assert "free-text answers: 6" in dry.stdout and "sent messages: 1" in dry.stdout
    assert "processed event ids: 1" in dry.stdout
    assert "kept until 2028-01-11" in dry.stdout
    assert asyncio.run(counts(tandem.url, pid)) == before  # nothing changed

    early = tandem(["purge"], now=BEFORE)  # the program ended, retention not yet over
    assert "free-text answers: 0" in early.stdout
    assert asyncio.run(counts(tandem.url, pid))["answer_texts"] == 6

    done = tandem(["purge"], now=AFTER)
    assert done.returncode == 0 and "deleted:" in done.stdout
    assert "free-text answers: 6" in done.stdout
    after = asyncio.run(counts(tandem.url, pid))
    assert after["answer_texts"] == 0 and after["outbox"] == 0
    assert after["processed_events"] == 0
    # Scores and choices stay: the coordinators' evaluation shows the same numbers.
    assert after["answers"] == before["answers"]
    assert after["evaluation"] == before["evaluation"]
    assert before["evaluation"].months  # and it really had something to show


async def test_the_tick_enforces_retention_too(any_store: Store) -> None:
    store = any_store  # the counts come from each database's own DELETE
    program = load_program(EXAMPLE_PROGRAM)
    assert texts_kept_until(program) == date(2028, 1, 11)
    core = TandemCore(store, program, FakeClock(THEN))
    await core.start()
    assert core.program_id is not None
    [tid] = await tandems(store, core.program_id, THEN, 1)
    await answer(store, core.program_id, tid, "retro", date(2027, 1, 26), THEN,
                 {"learned": "a private lesson", "rating": 4}, subject="session:1")
    kept = await forget_old(store, datetime(2028, 1, 10, 12, tzinfo=UTC), program,
                            core.program_id)
    assert kept.free_texts == 0
    gone = await forget_old(store, datetime(2028, 1, 12, 12, tzinfo=UTC), program,
                            core.program_id)
    assert gone.free_texts == 1
    async with store.session() as s:
        assert await s.scalar(select(func.count()).select_from(AnswerText)) == 0
        # The score and the mark that a text was given stay.
        assert await s.scalar(select(func.count()).select_from(Answer)) == 2

