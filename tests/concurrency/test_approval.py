"""Coordinators approving at the same instant on two replicas: one tandem per pair, truthfully.

A double click on Slack lands on two workers; two coordinators may approve side by side.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from conversations.events import ButtonClicked, CommandInvoked
from conversations.replies import Card
from storage.models import ProposedPair, Tandem
from tests.concurrency.conftest import Replicas, actor, at_once, sign_up, text
from tests.flows.test_matching_kickoff import JUNIORS, LEADERS


async def _proposals(replicas: Replicas, cohort: dict[str, tuple[str, str, list[str], str | None]]
                     ) -> Card:
    for name, (level, dept, topics, _manager) in cohort.items():
        role = "mentee" if name in LEADERS else "mentor"
        await sign_up(replicas.a, name, role, level, dept, topics)
    outcome = await replicas.a.handle(CommandInvoked(actor("hr"), "match"))
    [card] = outcome.replies
    assert isinstance(card, Card)
    return card


def _values(card: Card, action: str) -> list[str]:
    return [b.value for b in card.buttons if b.action_id == action]


async def _tandems(replicas: Replicas) -> list[tuple[int, ...]]:
    """Each tandem's people (mentor, mentee)."""
    async with replicas.a.store.session() as s:
        tandems = (await s.scalars(select(Tandem))).all()
        return sorted(tuple(m.person_id for m in t.members) for t in tandems)


async def test_a_double_approve_makes_one_tandem_and_tells_the_second_click_the_truth(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    pair = {"salesvp": LEADERS["salesvp"], "ben": JUNIORS["ben"]}
    card = await _proposals(replicas, pair)
    [pair_id] = _values(card, "match.approve")
    replicas.queued = {"a": 0, "b": 0}
    caplog.set_level(logging.INFO, "tandem.core")
    first, second = await at_once(
        replicas.stores,
        replicas.a.handle(ButtonClicked(actor("hr"), "match.approve", pair_id, event_id="c1")),
        replicas.b.handle(ButtonClicked(actor("hr"), "match.approve", pair_id, event_id="c2")))
    assert first.outcome == second.outcome == "ok", (first, second)
    answers = sorted([text(first.replies), text(second.replies)])
    assert answers[0].startswith("Approved 1 tandem(s)")
    assert answers[1].startswith("This pair was already approved: it is tandem #")
    assert len(await _tandems(replicas)) == 1
    assert await replicas.outbox_count("intro") == 1
    # The loser really collided and ran again (its own dedupe row re-inserted, not "duplicate").
    assert any(getattr(r, "reason", None) == "version" for r in caplog.records)
    assert sum(replicas.queued.values()) == 1  # one delivery started: the winner's
    async with replicas.a.store.session() as s:
        assert await s.scalar(select(ProposedPair.status)) == "approved"


async def test_approve_all_racing_approve_one_gives_each_pair_one_tandem(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    card = await _proposals(replicas, {**LEADERS, **JUNIORS})
    [run_id] = _values(card, "match.approve_all")
    one = _values(card, "match.approve")[0]
    caplog.set_level(logging.INFO, "tandem.core")
    everything, single = await at_once(
        replicas.stores,
        replicas.a.handle(ButtonClicked(actor("hr"), "match.approve_all", run_id)),
        replicas.b.handle(ButtonClicked(actor("hr"), "match.approve", one)))
    assert everything.outcome == single.outcome == "ok", (everything, single)
    tandems = await _tandems(replicas)
    assert len(tandems) == len(set(tandems)) == 4
    assert await replicas.outbox_count("intro") == 4
    all_text, one_text = text(everything.replies), text(single.replies)
    if one_text.startswith("Approved 1 tandem(s)"):  # approve-one won; approve-all ran again
        assert all_text.startswith("Approved 3 tandem(s)")
    else:
        assert one_text.startswith("This pair was already approved: it is tandem #")
        assert all_text.startswith("Approved 4 tandem(s)")
    assert any(getattr(r, "reason", None) == "version" for r in caplog.records)
    async with replicas.a.store.session() as s:
        statuses = (await s.scalars(select(ProposedPair.status))).all()
        assert sorted(statuses) == ["approved"] * 4
        assert await s.scalar(select(func.count()).select_from(Tandem)) == 4
