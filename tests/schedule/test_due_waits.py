"""What the bot sends on its own arrives at each recipient's next working moment, in their
own zone and hours; ticking every hour through a night shows when each message arrives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.outbox import deliver
from conversations.replies import Card, Text
from storage.models import Person
from tests.flows.conftest import MENTEE, MENTOR, Transcript


async def test_a_break_ending_at_night_is_welcomed_in_each_persons_morning(
        transcript: Transcript, core: TandemCore, clock: FakeClock) -> None:
    for name, answers in (("erika", MENTEE), ("nora", MENTOR), ("olaf", MENTOR)):
        await transcript.say(name, "join", answers, lang="en")
        await transcript.say(name, "pause 2027-02-01")
    await transcript.say("erika", "hours 7-15")  # her own hours, in the program's zone
    async with core.store.unit() as repos:  # Nora works in New York (her platform says so)
        await repos.session.execute(update(Person).where(Person.key == "console:nora")
                                    .values(timezone="America/New_York"))
    arrived: dict[str, datetime] = {}

    class Recorder:
        groups = False

        async def send(self, person_key: str, reference: object, body: Text | Card) -> None:
            assert person_key not in arrived, "sent twice"
            arrived[person_key] = clock.now()

    assert core.program_id is not None
    clock.set(datetime(2027, 1, 31, 20, 0, tzinfo=UTC))  # Sunday night
    while clock.now() < datetime(2027, 2, 2, tzinfo=UTC):
        await run_due_work(core.store, core.program, core.program_id, clock)
        await deliver(core.store, clock, {"console": Recorder()})
        clock.advance(timedelta(hours=1))

    def local(key: str, zone: str) -> datetime:
        return arrived[key].astimezone(ZoneInfo(zone)).replace(tzinfo=None)

    assert local("console:erika", "Europe/Berlin") == datetime(2027, 2, 1, 7, 0)
    assert local("console:olaf", "Europe/Berlin") == datetime(2027, 2, 1, 9, 0)
    assert local("console:nora", "America/New_York") == datetime(2027, 2, 1, 9, 0)
