"""Answering a retro on two replicas at the same instant (a double click, two devices): the
response row's version lets exactly one answer count; the core runs the other once more on
a fresh look, and that person is told what is there now. Two ticks at once remind once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.due import DueReport, run_due_work
from conversations.events import ButtonClicked, FormSubmitted, MessageReceived
from conversations.replies import Card, Reply, Text, Update
from storage.models import Answer, OutboxMessage, Person, Response
from tests.concurrency.conftest import Replicas, actor, at_once
from tests.concurrency.test_sessions import active_tandem, log


def said(replies: list[Reply]) -> str:
    shown = [r.body if isinstance(r, Update) else r for r in replies]
    return "\n".join(r.markdown if isinstance(r, Text) else "\n".join([r.title, *r.sections])
                     for r in shown if isinstance(r, Text | Card))


async def salesvp_retro(replicas: Replicas, clock: FakeClock) -> int:
    """A session logged by Ben: Sales VP's retro (learned, worked, change, rating) is open."""
    tid = await active_tandem(replicas.a, clock)
    assert (await replicas.a.handle(log("ben", tid, "2027-01-24", "log1"))).outcome == "ok"
    async with replicas.a.store.session() as s:
        rid = await s.scalar(select(Response.id).join(Person, Person.id == Response.person_id)
                             .where(Person.key == "console:salesvp", Response.kind == "retro"))
        assert rid is not None
        return rid


async def answers(replicas: Replicas, rid: int) -> list[tuple[str, int | None, bool]]:
    async with replicas.a.store.session() as s:
        return [(a.question, a.number, a.skipped) for a in await s.scalars(
            select(Answer).where(Answer.response_id == rid).order_by(Answer.question))]


async def test_two_scores_clicked_at_once_count_once(replicas: Replicas,
                                                     clock: FakeClock) -> None:
    rid = await salesvp_retro(replicas, clock)
    for n in range(3):  # skip the three written questions by DM: the score is open
        outcome = await replicas.a.handle(MessageReceived(actor("salesvp"), "skip",
                                                          event_id=f"s{n}"))
        assert outcome.outcome == "ok"
    four, five = await at_once(
        replicas.stores,
        replicas.a.handle(ButtonClicked(actor("salesvp"), "q.answer", f"{rid}:rating:4",
                                        event_id="c4")),
        replicas.b.handle(ButtonClicked(actor("salesvp"), "q.answer", f"{rid}:rating:5",
                                        event_id="c5")))
    # Both answered "ok": the one that lost ran again and saw the retro finished.
    assert four.outcome == five.outcome == "ok", (four, five)
    texts = [said(four.replies), said(five.replies)]
    assert sum("Thank you — your answers are saved" in x for x in texts) == 1, texts
    assert sum("You have already finished this one" in x for x in texts) == 1, texts
    stored = await answers(replicas, rid)
    assert [(q, skipped) for q, _, skipped in stored] == [
        ("change", True), ("learned", True), ("rating", False), ("worked", True)]
    winner = 4 if "Thank you" in texts[0] else 5
    assert [n for q, n, _ in stored if q == "rating"] == [winner]
    async with replicas.a.store.session() as s:
        response = await s.get(Response, rid)
        assert response is not None and response.completed_at is not None
        # Asked (1), three skips, one score and its completion: the loser's never landed.
        assert response.version == 6


async def test_a_double_click_on_skip_skips_one_question(replicas: Replicas,
                                                         clock: FakeClock) -> None:
    rid = await salesvp_retro(replicas, clock)
    one, two = await at_once(
        replicas.stores,
        replicas.a.handle(ButtonClicked(actor("salesvp"), "q.skip", f"{rid}:learned",
                                        event_id="k1")),
        replicas.b.handle(ButtonClicked(actor("salesvp"), "q.skip", f"{rid}:learned",
                                        event_id="k2")))
    assert one.outcome == two.outcome == "ok", (one, two)
    texts = [said(one.replies), said(two.replies)]
    assert sum("You have answered that question already" in x for x in texts) == 1, texts
    assert all("What worked?" in x for x in texts), texts  # both see the open one
    assert await answers(replicas, rid) == [("learned", None, True)]


async def test_the_form_sent_twice_at_once_finishes_once(replicas: Replicas,
                                                         clock: FakeClock) -> None:
    rid = await salesvp_retro(replicas, clock)
    values = {"learned": "Prompts", "worked": "Demos", "change": "", "rating": "4",
              "share": ["yes"]}
    one, two = await at_once(
        replicas.stores,
        replicas.a.handle(FormSubmitted(actor("salesvp"), f"qform:{rid}", values,
                                        event_id="f1")),
        replicas.b.handle(FormSubmitted(actor("salesvp"), f"qform:{rid}", values,
                                        event_id="f2")))
    assert one.outcome == two.outcome == "ok", (one, two)
    texts = [said(one.replies), said(two.replies)]
    assert sum("Thank you — your answers are saved" in x for x in texts) == 1, texts
    assert sum("Your answers are updated" in x for x in texts) == 1, texts
    # Shared once: Ben is told once.
    assert await replicas.outbox_count("retro-shared") == 1


async def test_two_ticks_at_once_remind_once(replicas: Replicas, clock: FakeClock) -> None:
    await salesvp_retro(replicas, clock)
    clock.advance(timedelta(days=4))
    core = replicas.a
    assert core.program_id is not None
    reports: list[DueReport] = await at_once(
        replicas.stores,
        run_due_work(replicas.a.store, core.program, core.program_id, clock),
        run_due_work(replicas.b.store, core.program, core.program_id, clock))
    # The retro and the first session's pairing fit, for each of them: once each.
    reminded = sorted(k for r in reports for k in r.queued if k.startswith("qremind:"))
    assert sorted(k.rsplit(">", 1)[1] for k in reminded) == [
        "console:ben", "console:ben", "console:salesvp", "console:salesvp"]
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.kind == "qremind")) == 4
        assert await s.scalar(select(func.count()).select_from(Response)
                              .where(Response.reminded_at.is_not(None))) == 4
