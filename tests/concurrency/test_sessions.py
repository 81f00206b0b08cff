"""Logging a session on two replicas at the same instant: one session per tandem and day.

Both members logging the same day, or one person's double submit, meet at the barrier after
both looked for that day's session and found none; the unique day and the tandem's version
make exactly one session, and the second is told who logged it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked, FormSubmitted
from conversations.replies import Card, Reply, Text
from storage.models import SessionRow, Tandem
from tests.concurrency.conftest import Replicas, actor, approved_pair, at_once


def said(replies: list[Reply]) -> str:
    return "\n".join(r.markdown if isinstance(r, Text) else "\n".join([r.title, *r.sections])
                     for r in replies if isinstance(r, Text | Card))


async def active_tandem(core: TandemCore, clock: FakeClock) -> int:
    await approved_pair(core)
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
        assert tid is not None
    for event in (
        FormSubmitted(actor("salesvp"), f"goals:{tid}", {"goal1": "TikTok"}),
        FormSubmitted(actor("ben"), f"cadence:{tid}",
                      {"days": "14", "minutes": "45", "mode": "video"}),
        ButtonClicked(actor("salesvp"), "kickoff.cadence_ok", str(tid)),
        ButtonClicked(actor("ben"), "kickoff.rules", str(tid)),
        ButtonClicked(actor("salesvp"), "kickoff.rules", str(tid)),
    ):
        assert (await core.handle(event)).outcome == "ok"
    clock.advance(timedelta(days=5))
    return tid


def log(who: str, tid: int, day: str, event_id: str, **more: Any) -> FormSubmitted:
    return FormSubmitted(actor(who), f"log:{tid}", {
        "date": day, "minutes": "45", "about": "goal1", **more}, event_id=event_id)


async def sessions(core: TandemCore) -> list[SessionRow]:
    async with core.store.session() as s:
        return list(await s.scalars(select(SessionRow).order_by(SessionRow.held_on)))


async def test_both_members_logging_the_same_day_make_one_session(
        replicas: Replicas, clock: FakeClock) -> None:
    tid = await active_tandem(replicas.a, clock)
    ben, salesvp = await at_once(
        replicas.stores,
        replicas.a.handle(log("ben", tid, "2027-01-24", "l1")),
        replicas.b.handle(log("salesvp", tid, "24.01.2027", "l2", minutes="60")))
    assert ben.outcome == salesvp.outcome == "ok", (ben, salesvp)
    answers = [said(ben.replies), said(salesvp.replies)]
    assert sum("Logged: January 24, 2027" in a for a in answers) == 1, answers
    assert sum("already logged this session" in a for a in answers) == 1, answers
    [row] = await sessions(replicas.a)
    assert row.held_on == date(2027, 1, 24)
    # Only the one that was stored told the other member.
    assert await replicas.outbox_count("session") == 1
    async with replicas.a.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None
        assert (tandem.last_session_on, tandem.due_on) == (date(2027, 1, 24), date(2027, 2, 7))


async def test_a_double_submit_makes_one_session(replicas: Replicas, clock: FakeClock) -> None:
    tid = await active_tandem(replicas.a, clock)
    first, second = await at_once(
        replicas.stores,
        replicas.a.handle(log("ben", tid, "2027-01-23", "d1")),
        replicas.b.handle(log("ben", tid, "2027-01-23", "d2")))
    answers = [said(first.replies), said(second.replies)]
    assert sum("Logged:" in a for a in answers) == 1, answers
    assert sum("You already logged this session" in a for a in answers) == 1, answers
    assert len(await sessions(replicas.a)) == 1
    assert await replicas.outbox_count("session") == 1


async def test_two_days_logged_at_once_both_count_towards_the_due_day(
        replicas: Replicas, clock: FakeClock) -> None:
    tid = await active_tandem(replicas.a, clock)
    one, two = await at_once(
        replicas.stores,
        replicas.a.handle(log("ben", tid, "2027-01-22", "t1")),
        replicas.b.handle(log("salesvp", tid, "2027-01-24", "t2")))
    assert one.outcome == two.outcome == "ok", (one, two)
    assert all("Logged:" in said(o.replies) for o in (one, two))
    assert [r.held_on for r in await sessions(replicas.a)] == [date(2027, 1, 22),
                                                               date(2027, 1, 24)]
    async with replicas.a.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None
        # Whichever came second counted with the first: the due day is from the later one.
        assert (tandem.last_session_on, tandem.due_on) == (date(2027, 1, 24), date(2027, 2, 7))
