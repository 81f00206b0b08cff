"""Both partners finishing their final evaluation on two replicas at the same instant: each
read the other's as still open, yet the tandem goes on (once), because each final answer
writes the tandem row and the second one runs again after the collision."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.due import run_due_work
from conversations.events import FormSubmitted
from storage.models import OutboxMessage, Person, Response, Tandem
from tests.concurrency.conftest import Replicas, actor, at_once
from tests.flows.checkin_setup import active_tandem


def _final(who: str, rid: int, event_id: str) -> FormSubmitted:
    return FormSubmitted(actor(who), f"qform:{rid}", {
        "rating": "5", "goals:0": "met", "relationship": "yes", "continue": "yes"},
        event_id=event_id)


async def test_both_saying_yes_at_once_continue_the_tandem_once(
        replicas: Replicas, clock: FakeClock) -> None:
    core = replicas.a
    assert core.program_id is not None
    tid = await active_tandem(core.store, core.program_id, clock.now(), ["ben", "salesvp"],
                              ["mentor", "mentee"])
    clock.set(datetime(2027, 7, 15, 8, tzinfo=UTC))
    await run_due_work(core.store, core.program, core.program_id, clock)
    async with core.store.session() as s:
        rids = dict((await s.execute(
            select(Person.platform_user_id, Response.id)
            .join(Person, Person.id == Response.person_id)
            .where(Response.kind == "final"))).all())
    ben, salesvp = await at_once(
        replicas.stores,
        replicas.a.handle(_final("ben", rids["ben"], "f1")),
        replicas.b.handle(_final("salesvp", rids["salesvp"], "f2")))
    assert ben.outcome == salesvp.outcome == "ok", (ben, salesvp)
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.continued_at == clock.now()
        told = await s.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.kind == "continued"))
        done = await s.scalar(select(func.count()).select_from(Response).where(
            Response.kind == "final", Response.completed_at.is_not(None)))
    # One of them is told in the reply (the one that ran again), the other by message.
    said = [r for o in (ben, salesvp) for r in o.replies
            if "both want to go on meeting" in getattr(r, "markdown", "")]
    assert (told, len(said), done) == (1, 1, 2)
