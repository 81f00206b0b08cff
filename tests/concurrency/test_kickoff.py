"""Both partners confirming the ground rules at the same instant, on two replicas."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from conversations.events import ButtonClicked, FormSubmitted
from storage.models import Tandem
from tests.concurrency.conftest import Replicas, actor, approved_pair, at_once, text


async def test_both_confirmations_count_and_the_tandem_becomes_active(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    core = replicas.a
    await approved_pair(core)
    async with core.store.session() as s:
        tid = str(await s.scalar(select(Tandem.id)))
    # Everything but the ground rules is agreed.
    for who, event in (
        ("salesvp", FormSubmitted(actor("salesvp"), f"goals:{tid}", {"goal1": "TikTok"})),
        ("ben", FormSubmitted(actor("ben"), f"cadence:{tid}",
                              {"days": "14", "minutes": "45", "mode": "video"})),
        ("salesvp", ButtonClicked(actor("salesvp"), "kickoff.cadence_ok", tid)),
    ):
        assert (await core.handle(event)).outcome == "ok", who
    caplog.set_level(logging.INFO, "tandem.core")
    mentor, mentee = await at_once(
        replicas.stores,
        replicas.a.handle(ButtonClicked(actor("ben"), "kickoff.rules", tid, event_id="r1")),
        replicas.b.handle(ButtonClicked(actor("salesvp"), "kickoff.rules", tid,
                                        event_id="r2")))
    assert mentor.outcome == mentee.outcome == "ok", (mentor, mentee)
    answers = [text(mentor.replies), text(mentee.replies)]
    for answer in answers:
        assert "your agreement to the ground rules is noted" in answer
        assert "already handled" not in answer
    # The one applied second saw the first and completed the kick-off.
    assert sum("your tandem is now active" in a for a in answers) == 1, answers
    async with core.store.session() as s:
        tandem = await s.get(Tandem, int(tid))
        assert tandem is not None and tandem.status == "active"
        assert [m.role for m in tandem.members] == ["mentor", "mentee"]
        assert all(m.rules_at is not None for m in tandem.members)
    assert await replicas.outbox_count("active") == 1
    assert any(getattr(r, "reason", None) == "version" for r in caplog.records)
