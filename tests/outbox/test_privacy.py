"""Item 15: what was sent keeps no body; delivery ids and parked bodies are forgotten in time;
`leave` takes the person's queued and delivered bodies; the claim reads its partial index."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from adapters.console import ConsoleSender
from bot.app import Runtime, build_runtime
from bot.scheduler import tick
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.outbox import PARKED_BODY_KEPT, deliver
from conversations.replies import Text, message_to_dict
from storage.db import Store
from storage.models import ConversationState, InboxItem, OutboxMessage, ProcessedEvent
from tests.flows.conftest import MENTEE, Transcript
from tests.outbox.test_platforms import settings_for


def body(words: str) -> dict[str, object]:
    return message_to_dict(Text(words))


@pytest.fixture
async def runtime(sqlite_url: str, clock: FakeClock) -> AsyncIterator[Runtime]:
    """The bot's runtime on SQLite, as `tandem tick` builds it (no Teams credentials)."""
    built = await build_runtime(settings_for(sqlite_url), clock=clock, teams=False)
    try:
        yield built
    finally:
        await built.close()


async def all_rows(store: Store) -> dict[str, OutboxMessage]:
    async with store.session() as s:
        return {m.dedupe_key: m for m in await s.scalars(select(OutboxMessage))}


async def test_a_sent_message_keeps_its_key_kind_and_times_but_not_its_body(
        store: Store, clock: FakeClock) -> None:
    async with store.unit() as repos:
        await repos.outbox.enqueue("change:console:erika:1", "console:hr",
                                   body("Erika's private reason"), clock.now())
    screen: list[str] = []
    report = await deliver(store, clock, {"console": ConsoleSender(screen.append, "hr")})
    assert report.sent == ["change:console:erika:1"] and "private reason" in screen[0]
    sent = (await all_rows(store))["change:console:erika:1"]
    assert sent.body is None
    async with store.session() as s:  # SQL NULL, not JSON 'null'
        assert await s.scalar(text("SELECT count(*) FROM outbox WHERE body IS NULL")) == 1
    assert (sent.kind, sent.created_at, sent.sent_at) == ("change", clock.now(), clock.now())
    async with store.unit() as repos:  # the key stays: the same message is never queued again
        assert not await repos.outbox.enqueue("change:console:erika:1", "console:hr",
                                              body("again"), clock.now())


async def test_the_tick_forgets_old_delivery_ids_and_long_parked_bodies(
        runtime: Runtime, clock: FakeClock) -> None:
    store = runtime.store
    async with store.unit() as repos:
        await repos.events.first_time("slack", "Ev-old", clock.now() - timedelta(hours=2))
        await repos.events.first_time("slack", "Ev-new", clock.now() - timedelta(minutes=6))
        await repos.outbox.enqueue("unmatched:1:teams:x", "teams:x", body("not matched"),
                                   clock.now())
        message = await repos.outbox.claim_next("teams", clock.now(), timedelta(minutes=3))
        assert message is not None
        await repos.outbox.park(message.id, clock.now(), "unreachable:no_reference")
        for key, age in (("old", timedelta(hours=2)), ("new", timedelta(minutes=6))):
            repos.session.add(InboxItem(platform="slack", dedupe_key=key, kind="command",
                                        received_at=clock.now() - age, attempts=1,
                                        done_at=clock.now() - age))
    await tick(runtime)
    async with store.session() as s:
        kept = list(await s.scalars(select(ProcessedEvent.event_id)))
        inbox = list(await s.scalars(select(InboxItem.dedupe_key)))
    assert kept == ["Ev-new"]  # past Slack's 5-minute retries, within the hour
    assert inbox == ["new"]  # a tick prunes done inbox items too (a replica without Slack)

    clock.advance(PARKED_BODY_KEPT - timedelta(hours=1))
    await tick(runtime)
    parked = (await all_rows(store))["unmatched:1:teams:x"]
    assert parked.body is not None  # a coordinator can still retry it
    clock.advance(timedelta(hours=2))
    await tick(runtime)
    parked = (await all_rows(store))["unmatched:1:teams:x"]
    assert parked.body is None and parked.failed_reason == "unreachable:no_reference"
    async with store.unit() as repos:
        assert (await repos.outbox.counts()).failed == 0  # nothing left to retry
        assert not await repos.outbox.retry(parked.id, clock.now())


async def test_the_tick_forgets_questions_nobody_answered_in_time(
        runtime: Runtime, clock: FakeClock) -> None:
    store = runtime.store
    async with store.unit() as repos:
        await repos.states.put("console:old", "change", "ask:reason", {},
                               clock.now() - timedelta(hours=25))
        await repos.states.put("console:new", "change", "ask:reason", {},
                               clock.now() - timedelta(hours=23))
        # Not a question: a sign-up's state is the flow's record and stays.
        await repos.states.put("console:signed", "signup", "enrolled", {},
                               clock.now() - timedelta(days=30))
    report = await tick(runtime)
    async with store.session() as s:
        left = sorted(await s.scalars(select(ConversationState.person_key)))
    assert left == ["console:new", "console:signed"] and report.forgotten.questions == 1


async def test_leave_removes_the_persons_queued_and_delivered_bodies(
        transcript: Transcript, core: TandemCore, clock: FakeClock) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    store, now = core.store, clock.now()
    erika, mia = "console:erika", "console:mia"
    async with store.unit() as repos:
        outbox = repos.outbox
        await outbox.enqueue("reminder:1", erika, body("queued for Erika"), now)
        await outbox.enqueue("old:1", erika, body("delivered before bodies were deleted"), now)
        await outbox.enqueue("parked:1", erika, body("parked for Erika"), now)
        # A tandem introduction naming Erika, still queued as one group message …
        await outbox.enqueue("intro:9", mia, body("Meet Erika (Vorstand)"), now,
                             group_keys=[mia, erika])
        # … and one already split into per-person copies (the copy to Mia still queued).
        await outbox.enqueue("intro:8", mia, body("Meet Erika"), now, group_keys=[mia, erika])
        await outbox.enqueue("intro:8>console:mia", mia, body("Meet Erika"), now)
        await outbox.enqueue("other:1", mia, body("for Mia alone"), now)
    async with store.unit() as repos:  # delivered or parked the old way, body kept
        await repos.session.execute(
            update(OutboxMessage).where(OutboxMessage.dedupe_key.in_(["old:1", "intro:8"]))
            .values(sent_at=now))
        await repos.session.execute(
            update(OutboxMessage).where(OutboxMessage.dedupe_key == "parked:1")
            .values(failed_at=now, failed_reason="unreachable:x"))

    assert "Yes, leave" in await transcript.say("erika", "leave")  # asks first
    assert "You have left" in await transcript.say("erika", "1")

    left = await all_rows(store)
    for gone in ("reminder:1", "parked:1", "intro:9", "intro:8>console:mia"):
        assert gone not in left, gone
    assert left["old:1"].body is None and left["old:1"].sent_at == now  # key and times stay
    assert left["intro:8"].body is None
    assert left["other:1"].body == body("for Mia alone")
    assert not any("Erika" in str(m.body) for m in left.values())


async def test_the_claim_reads_the_ready_index(any_store: Store, clock: FakeClock) -> None:
    """With thousands of sent rows, thousands waiting for their time (tonight's nudges) and
    a few pending ones, the claim's plan names `ix_outbox_ready` on both backends (not a scan
    of the table, its primary key or the waiting rows), and making the waiting rows ready
    reads `ix_outbox_waiting`."""
    now = clock.now()
    async with any_store.unit() as repos:
        await repos.session.execute(OutboxMessage.__table__.insert(), [
            {"dedupe_key": f"old:{i}", "kind": "old", "platform": ("slack", "teams")[i % 2],
             "person_key": "slack:U1", "body": None, "created_at": now, "attempts": 1,
             "sent_at": now} for i in range(5000)])
        await repos.session.execute(OutboxMessage.__table__.insert(), [
            {"dedupe_key": f"night:{i}", "kind": "night", "platform": "slack",
             "person_key": "slack:U1", "body": body("x"), "created_at": now, "attempts": 0,
             "next_attempt_at": now + timedelta(hours=8)} for i in range(3000)])
        for i in range(3):
            await repos.outbox.enqueue(f"new:{i}", "slack:U1", body("x"), now)
        pending = await repos.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
        assert pending == 3003
    query = repos.outbox.claim_query("slack", now)
    ready = (update(OutboxMessage).where(
        OutboxMessage.platform == "slack", OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_reason.is_(None), OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=None))
    async with any_store.session() as s:
        dialect = s.bind.dialect
        plans = []
        for statement in (query, ready):
            if dialect.name == "postgresql":
                await s.execute(text("ANALYZE outbox"))
                if statement is query:
                    statement = query.with_for_update(skip_locked=True)
                sql = str(statement.compile(dialect=dialect,
                                            compile_kwargs={"literal_binds": True}))
                plans.append("\n".join(r[0] for r in await s.execute(text("EXPLAIN " + sql))))
            else:
                await s.execute(text("ANALYZE"))
                sql = str(statement.compile(dialect=dialect,
                                            compile_kwargs={"literal_binds": True}))
                plans.append("\n".join(str(r[-1]) for r in await s.execute(
                    text("EXPLAIN QUERY PLAN " + sql))))
    print(f"{dialect.name} claim plan:\n{plans[0]}\nready plan:\n{plans[1]}")
    assert "ix_outbox_ready" in plans[0], plans[0]
    assert "ix_outbox_waiting" in plans[1], plans[1]
    async with any_store.unit() as repos:
        claimed = await repos.outbox.claim_next("slack", now, timedelta(minutes=1))
        assert claimed is not None and claimed.dedupe_key == "new:0"


async def test_drop_for_finds_group_messages_on_both_backends(any_store: Store,
                                                              clock: FakeClock) -> None:
    now, jorg = clock.now(), "console:jörg_%"  # JSON escapes ö; LIKE would read _ and %
    async with any_store.unit() as repos:
        await repos.outbox.enqueue("intro:1", "console:mia", body("Meet Jörg"), now,
                                   group_keys=["console:mia", jorg])
        await repos.outbox.enqueue("intro:2", "console:mia", body("Meet Jörgen"), now,
                                   group_keys=["console:mia", "console:jörg_%x"])
        assert await repos.outbox.drop_for(jorg) == 1
    assert sorted(await all_rows(any_store)) == ["intro:2"]


async def test_leave_drops_the_partners_copy_of_a_group_split_across_platforms(
        any_store: Store, clock: FakeClock) -> None:
    """An intro for a Slack mentor and a Teams mentee is queued as one copy each; when the
    mentee leaves before it went out, the mentor's copy (their name, goals) goes too."""
    group = ["slack:UMENTOR", "teams:mentee"]
    async with any_store.unit() as repos:
        await repos.outbox.enqueue("intro:7", group[0], body("about the mentee"), clock.now(),
                                   group_keys=group)
        await repos.outbox.enqueue("intro:70", "slack:UOTHER", body("another tandem"),
                                   clock.now())
    assert sorted(await all_rows(any_store)) == ["intro:70", "intro:7>slack:UMENTOR",
                                                 "intro:7>teams:mentee"]
    async with any_store.unit() as repos:
        assert await repos.outbox.drop_for("teams:mentee") == 2
    assert sorted(await all_rows(any_store)) == ["intro:70"]
