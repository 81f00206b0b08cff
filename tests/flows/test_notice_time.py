"""Notices to others that follow someone's action wait for the recipient's working time;
the reply to the one acting does not."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conversations.clock import FakeClock
from conversations.core import TandemCore
from tests.flows.checkin_setup import active_tandem, click, outbox, say

NIGHT = datetime(2027, 2, 3, 22, tzinfo=UTC)  # 23:00 in Berlin, a Wednesday
MORNING = datetime(2027, 2, 4, 8, tzinfo=UTC)  # 9:00 in Berlin


async def test_leaving_at_night_tells_the_partner_and_the_coordinators_in_the_morning(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                        ["mentor", "mentee"])
    clock.set(NIGHT)
    assert "Leave" in await say(core, "erika", "leave")
    async with core.store.unit() as repos:
        erika = await repos.people.by_key("console:erika")
        assert erika is not None
        enrollment = await repos.enrollments.for_person(core.program_id, erika.id)
        assert enrollment is not None
        value = f"{enrollment.id}:{enrollment.version}"
    assert "You have left" in await click(core, "erika", "leave.confirm", value)  # at once
    told = await outbox(core.store, "partner-left")
    assert {s.person for s in told} == {"console:ada", *core.program.coordinators}
    assert {s.not_before for s in told} == {MORNING}


async def test_a_help_request_at_night_reaches_the_coordinators_in_their_morning(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    pair = await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                               ["mentor", "mentee"])
    clock.set(NIGHT)
    value = f"{pair}:{date(2027, 2, 3).isoformat()}"
    assert "went privately" in await click(core, "erika", "checkin.help_send", value)
    [sent, *rest] = await outbox(core.store, "checkin-help")
    assert all(s.not_before == MORNING for s in [sent, *rest])
