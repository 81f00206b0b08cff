"""Two replicas of Tandem on one real PostgreSQL, and a way to make them collide on purpose.

Each replica is its own `Store` (engine, connection pool) and `TandemCore`, as two processes
would be. `FirstWrite` holds each replica's first write statement (after all its reads) at an
`asyncio.Barrier` until the other replica got there too, through SQLAlchemy's own
`before_cursor_execute` engine event: nothing of the flows is replaced, both really read the
same rows before either writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.util import await_

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.program import Program
from conversations.replies import Card, Reply, Text, Update
from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxMessage

WRITES = ("INSERT", "UPDATE", "DELETE")


class FirstWrite:
    """Every given store waits at its first write until all of them reached theirs, once."""

    def __init__(self, *stores: Store, timeout: float = 10.0) -> None:
        self.barrier = asyncio.Barrier(len(stores))
        self.stores = stores
        self.timeout = timeout
        self.waited: list[str] = []  # the statements that waited, for the test's own check

    def _hook(self, store: Store) -> Any:
        armed = [True]

        def before_cursor_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            # A row lock (SELECT … FOR UPDATE) is where a writer starts, too.
            sql = statement.lstrip().upper()
            if not armed[0] or not (sql.startswith(WRITES) or "FOR UPDATE" in sql):
                return
            # The delivery dedupe row is written before anything is read: not the point.
            if "processed_events" in statement:
                return
            armed[0] = False
            self.waited.append(statement.split("(")[0][:60])
            await_(asyncio.wait_for(self.barrier.wait(), self.timeout))

        return before_cursor_execute

    @contextmanager
    def installed(self) -> Iterator[FirstWrite]:
        hooks = [(s.engine.sync_engine, self._hook(s)) for s in self.stores]
        for engine, hook in hooks:
            event.listen(engine, "before_cursor_execute", hook)
        try:
            yield self
        finally:
            for engine, hook in hooks:
                event.remove(engine, "before_cursor_execute", hook)


async def at_once(stores: tuple[Store, ...], *work: Coroutine[Any, Any, Any]) -> list[Any]:
    """Run the coroutines concurrently, their first writes held until all have read."""
    gate = FirstWrite(*stores)
    with gate.installed():
        results = await asyncio.gather(*work)
    assert len(gate.waited) == len(stores), gate.waited  # they really met at the barrier
    return list(results)


class Replicas:
    def __init__(self, a: TandemCore, b: TandemCore) -> None:
        self.a, self.b = a, b
        self.stores = (a.store, b.store)
        self.queued = {"a": 0, "b": 0}
        a.on_queued = lambda: self._count("a")
        b.on_queued = lambda: self._count("b")

    def _count(self, name: str) -> None:
        self.queued[name] += 1

    async def outbox_count(self, kind: str) -> int:
        async with self.a.store.session() as s:
            count = await s.scalar(select(func.count()).select_from(OutboxMessage)
                                   .where(OutboxMessage.kind == kind))
            return int(count or 0)


@pytest.fixture
async def replicas(pg_url: str, program: Program, clock: FakeClock
                   ) -> AsyncIterator[Replicas]:
    a, b = Store.from_url(pg_url), Store.from_url(pg_url)
    await upgrade(a.engine)
    core_a, core_b = TandemCore(a, program, clock), TandemCore(b, program, clock)
    await core_a.start()
    await core_b.start()
    yield Replicas(core_a, core_b)
    await a.close()
    await b.close()


def actor(name: str) -> Actor:
    return Actor("console", name, display_name=name.title(), locale="en")


async def sign_up(core: TandemCore, name: str, role: str, level: str, department: str,
                  topics: list[str]) -> None:
    outcome = await core.handle(FormSubmitted(actor(name), "signup", {
        "role": role, "topics": topics, "department": department, "languages": ["de", "en"],
        "timezone": "Europe/Berlin", "level": level, "consent": ["yes"]}))
    assert outcome.outcome == "ok" and "Welcome to" in text(outcome.replies)


async def approved_pair(core: TandemCore) -> None:
    """A leader and a junior signed up, proposed and approved: one tandem in kick-off."""
    from tests.flows.test_matching_kickoff import JUNIORS, LEADERS

    await sign_up(core, "salesvp", "mentee", *LEADERS["salesvp"][:3])
    await sign_up(core, "ben", "mentor", *JUNIORS["ben"][:3])
    [card] = (await core.handle(CommandInvoked(actor("hr"), "match"))).replies
    assert isinstance(card, Card)
    run_id = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await core.handle(ButtonClicked(actor("hr"), "match.approve_all", run_id))


def text(replies: list[Reply]) -> str:
    """What each reply says; an updated card says its new words."""
    shown = [r.body if isinstance(r, Update) else r for r in replies]
    return "\n".join(r.markdown for r in shown if isinstance(r, Text))
