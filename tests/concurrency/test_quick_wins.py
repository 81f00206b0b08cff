"""Approving a quick win on two replicas at the same instant: posted exactly once.

Two members of a circle approve at once: both read the quick win with one approval missing
besides their own and meet at the barrier; the quick win's version makes the second run
again, see both approvals and queue the post — once. The last approver's double click on
two replicas queues it once too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from conversations.aggregates import tandem as tandem_states
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked, FormSubmitted
from conversations.program import Program
from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxMessage, QuickWin
from tests.concurrency.conftest import Replicas, actor, at_once, sign_up, text


@pytest.fixture
async def replicas(pg_url: str, program: Program, clock: FakeClock
                   ) -> AsyncIterator[Replicas]:
    with_channel = replace(program, quick_wins_channels={"console": "wins"}, language="en")
    a, b = Store.from_url(pg_url), Store.from_url(pg_url)
    await upgrade(a.engine)
    core_a, core_b = TandemCore(a, with_channel, clock), TandemCore(b, with_channel, clock)
    await core_a.start()
    await core_b.start()
    yield Replicas(core_a, core_b)
    await a.close()
    await b.close()


async def active(core: TandemCore, clock: FakeClock, names: list[str]) -> int:
    """An active tandem of these people (a circle when more than two), set up directly."""
    for i, name in enumerate(names):
        await sign_up(core, name, "mentee" if i == 0 else "mentor",
                      "lead" if i == 0 else "junior", "Vertrieb", ["ai"])
    async with core.store.unit() as repos:
        people = await repos.people.by_keys([f"console:{n}" for n in names])
        assert core.program_id is not None
        tandem = tandem_states.new(
            program_id=core.program_id, format="group" if len(names) > 2 else "one_to_one",
            members=[(people[f"console:{n}"].id, "mentee" if i == 0 else "mentor")
                     for i, n in enumerate(names)],
            now=clock.now(), approved_by="console:hr", shared_topics=["ai"], cadence_days=14,
            session_minutes=45)
        tandem_states.activate(tandem, clock.now())
        await repos.tandems.add(tandem)
        return tandem.id


async def drafted(core: TandemCore, tid: int, author: str) -> QuickWin:
    outcome = await core.handle(FormSubmitted(actor(author), f"win:{tid}", {
        "text": "We automated the weekly report.", "names": "yes"}))
    assert "Waiting for" in text(outcome.replies) or outcome.outcome == "ok", outcome
    async with core.store.session() as s:
        win = await s.scalar(select(QuickWin))
        assert win is not None
        return win


async def posts(core: TandemCore) -> int:
    async with core.store.session() as s:
        return int(await s.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.kind == "win-post")) or 0)


def approve(who: str, win: QuickWin, event_id: str) -> ButtonClicked:
    return ButtonClicked(actor(who), "wins.approve_named", f"{win.id}:{win.revision}",
                         event_id=event_id)


async def test_two_members_approving_at_once_post_it_once(replicas: Replicas,
                                                          clock: FakeClock) -> None:
    tid = await active(replicas.a, clock, ["ceo", "ana", "ben"])
    win = await drafted(replicas.a, tid, "ana")
    one, two = await at_once(replicas.stores,
                             replicas.a.handle(approve("ceo", win, "c1")),
                             replicas.b.handle(approve("ben", win, "b1")))
    assert one.outcome == two.outcome == "ok", (one, two)
    answers = [text(one.replies), text(two.replies)]
    # The one that ran first waited for the other; the other, run again, saw both.
    assert sum("Waiting for" in a for a in answers) == 1, answers
    assert sum("it is being posted" in a for a in answers) == 1, answers
    assert await posts(replicas.a) == 1
    async with replicas.a.store.session() as s:
        stored = await s.get(QuickWin, win.id)
        assert stored is not None and stored.status == "posting"
        assert sorted(c.approved_revision for c in stored.consents) == [1, 1, 1]


async def test_a_double_click_of_the_last_approval_posts_it_once(replicas: Replicas,
                                                                 clock: FakeClock) -> None:
    tid = await active(replicas.a, clock, ["ceo", "ben"])
    win = await drafted(replicas.a, tid, "ben")
    first, second = await at_once(replicas.stores,
                                  replicas.a.handle(approve("ceo", win, "d1")),
                                  replicas.b.handle(approve("ceo", win, "d2")))
    answers = [text(first.replies), text(second.replies)]
    assert sum("it is being posted" in a for a in answers) == 1, answers
    assert sum("already approved and on its way" in a for a in answers) == 1, answers
    assert await posts(replicas.a) == 1
