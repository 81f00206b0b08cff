"""The one reminder of an unanswered questionnaire: three days after its question reached the
person (in their working time) and after their last answer; never a second; not for ended
tandems, members who left, people on a break, nor after the program's end (but the final
evaluation); the DM route held again from the moment it arrives; a fixed number of
statements however many are due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, select, update

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import DueReport, DueRun
from conversations.flows.questionnaire_reminders import remind
from conversations.flows.questionnaires import Asking, put_to
from storage.models import Enrollment, Person, Response, Tandem, TandemMember
from storage.questionnaires import Ask
from tests.flows.checkin_setup import active_tandem, outbox, say, tick

FRIDAY_EVENING = datetime(2027, 1, 22, 17, 0, tzinfo=UTC)  # 18:00 in Berlin: after work
MONDAY = datetime(2027, 1, 25, 8, 0, tzinfo=UTC)  # 9:00 in Berlin: the question arrives


async def pair(core: TandemCore, clock: FakeClock, n: int = 0) -> int:
    assert core.program_id is not None
    return await active_tandem(core.store, core.program_id, clock.now(),
                               [f"mentor{n}", f"mentee{n}"], ["mentor", "mentee"])


async def ask(core: TandemCore, clock: FakeClock, tids: list[int], kind: str = "retro",
              subject: str = "session:1") -> None:
    """Each member of the tandems is asked `kind` now (as a logged session asks a retro)."""
    assert core.program_id is not None
    async with core.store.unit() as repos:
        tandems = {tid: t for tid in tids if (t := await repos.tandems.get(tid)) is not None}
        people = await repos.people.by_ids([m.person_id for t in tandems.values()
                                            for m in t.members])
        asks = [Ask(core.program_id, t.id, m.person_id, kind, subject, m.role,
                    clock.now().date()) for t in tandems.values() for m in t.members]
        await put_to(Asking(repos, core.program, clock.now()), asks, people, tandems)


def reminded(sent: list[str]) -> list[str]:
    return sorted(k.rsplit(">", 1)[1].removeprefix("console:") for k in sent
                  if k.startswith("qremind:"))


async def test_once_three_days_after_the_question_arrived(core: TandemCore,
                                                          clock: FakeClock) -> None:
    clock.set(FRIDAY_EVENING)
    tid = await pair(core, clock)
    await ask(core, clock, [tid])  # queued for Monday 9:00
    [first, _] = await outbox(core.store, "q")
    assert first.not_before == MONDAY
    # Three days after it was asked, but only one since it arrived: nothing yet.
    clock.set(MONDAY + timedelta(days=2, hours=9))
    assert reminded((await tick(core, clock)).queued) == []
    clock.set(MONDAY + timedelta(days=3))  # Thursday 9:00
    report = await tick(core, clock)
    assert reminded(report.queued) == ["mentee0", "mentor0"]
    [one, _] = await outbox(core.store, "qremind")
    assert one.not_before == clock.now()  # inside working time: at once
    assert "A reminder — the only one I send for this." in one.text
    assert "1 of 4. What did you learn?" in one.text or "What did you teach" in one.text
    assert "[Raise a concern]" in one.text
    for days in range(1, 11):  # ten more days: never a second
        clock.set(MONDAY + timedelta(days=3 + days))
        assert reminded((await tick(core, clock)).queued) == []
    assert len(await outbox(core.store, "qremind")) == 2


async def test_an_answer_moves_it_and_a_finished_one_is_not_reminded(
        core: TandemCore, clock: FakeClock) -> None:
    clock.set(MONDAY)
    tid = await pair(core, clock)
    await ask(core, clock, [tid])
    clock.set(MONDAY + timedelta(days=2))  # Wednesday: the mentee answers one question
    assert "1 of 4" in await say(core, "mentee0", "retro")
    assert "2 of 4" in await say(core, "mentee0", "Prompts")
    assert "Stopped" in await say(core, "mentor0", "stop")  # the mentor ends his
    clock.set(MONDAY + timedelta(days=3))
    assert reminded((await tick(core, clock)).queued) == []
    clock.set(MONDAY + timedelta(days=4, hours=23))  # not quite three days after it
    assert reminded((await tick(core, clock)).queued) == []
    clock.set(MONDAY + timedelta(days=5))  # three days after her last answer, a Saturday
    report = await tick(core, clock)
    assert reminded(report.queued) == ["mentee0"]
    [sent] = await outbox(core.store, "qremind")
    assert "2 of 4.** What worked?" in sent.text  # where she stopped
    assert sent.not_before == MONDAY + timedelta(days=7)  # Monday morning


async def test_the_dm_route_is_held_again_from_when_it_arrives(core: TandemCore,
                                                               clock: FakeClock) -> None:
    clock.set(datetime(2027, 1, 20, 8, 0, tzinfo=UTC))  # Wednesday
    tid = await pair(core, clock)
    await ask(core, clock, [tid])
    clock.set(datetime(2027, 1, 23, 9, 0, tzinfo=UTC))  # Saturday: due, queued for Monday
    assert reminded((await tick(core, clock)).queued) == ["mentee0", "mentor0"]
    [one, _] = await outbox(core.store, "qremind")
    assert one.not_before == MONDAY
    clock.set(datetime(2027, 1, 24, 10, 0, tzinfo=UTC))  # Sunday: not arrived yet
    assert "I don't know" in await say(core, "mentee0", "Prompts")
    clock.set(MONDAY + timedelta(hours=1))  # it has arrived: a reply answers it
    assert "2 of 4.** What worked?" in await say(core, "mentee0", "Prompts")


async def test_not_for_ended_tandems_leavers_breaks_or_after_the_end(
        core: TandemCore, clock: FakeClock) -> None:
    clock.set(MONDAY)
    ended, left, paused, final = [await pair(core, clock, n) for n in range(4)]
    await ask(core, clock, [ended, left, paused])
    async with core.store.unit() as repos:
        await repos.session.execute(update(Tandem).where(Tandem.id == ended)
                                    .values(status="dissolved", version=Tandem.version + 1))
        mentor1 = await repos.people.by_key("console:mentor1")
        mentee2 = await repos.people.by_key("console:mentee2")
        assert mentor1 is not None and mentee2 is not None
        await repos.session.execute(update(TandemMember).where(
            TandemMember.person_id == mentor1.id).values(left_at=MONDAY,
                                                         version=TandemMember.version + 1))
        await repos.session.execute(update(Enrollment).where(
            Enrollment.person_id == mentee2.id).values(status="paused",
                                                       paused_until=date(2027, 3, 1),
                                                       version=Enrollment.version + 1))
    clock.set(MONDAY + timedelta(days=3))
    assert reminded((await tick(core, clock)).queued) == ["mentee1", "mentor2"]
    # After the program's end: a retro is not reminded, the final evaluation is.
    end = core.program.end
    clock.set(datetime(end.year, end.month, end.day, 8, tzinfo=UTC) - timedelta(days=1))
    await ask(core, clock, [final], subject="session:9")
    await ask(core, clock, [final], kind="final", subject="final")
    clock.advance(timedelta(days=5))
    while clock.now().weekday() >= 5:
        clock.advance(timedelta(days=1))
    report = await tick(core, clock)
    async with core.store.session() as s:
        kinds = {r.id: r.kind for r in await s.scalars(select(Response))}
    assert sorted(kinds[int(k.split(":")[1].split(">")[0])] for k in report.queued
                  if k.startswith("qremind:")) == ["final", "final"]


async def test_a_fixed_number_of_statements_however_many_are_due(
        core: TandemCore, clock: FakeClock) -> None:
    clock.set(MONDAY)
    few = [await pair(core, clock, n) for n in range(2)]
    many = [await pair(core, clock, n) for n in range(2, 14)]
    await ask(core, clock, few)
    clock.set(MONDAY + timedelta(days=1))
    await ask(core, clock, many)
    assert core.program_id is not None
    counts = []
    for day in (3, 4):  # first the two tandems' four retros, the next day 24 more
        clock.set(MONDAY + timedelta(days=day))
        counts.append(await statements_of_remind(core, clock))
    (four, small), (more, large) = counts
    assert (four, more) == (4, 24)
    assert small == large, (small, large)
    assert len(small) <= 10, small


async def statements_of_remind(core: TandemCore, clock: FakeClock
                               ) -> tuple[int, list[str]]:
    """How many were reminded, and the kinds of the statements it took."""
    assert core.program_id is not None
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]).split()[0])

    event.listen(core.store.engine.sync_engine, "before_cursor_execute", count)
    report = DueReport()
    try:
        await remind(DueRun(core.store, core.program, core.program_id, clock, report))
    finally:
        event.remove(core.store.engine.sync_engine, "before_cursor_execute", count)
    return len(reminded(report.queued)), seen


async def test_a_dry_run_says_what_it_would_send_and_sends_nothing(
        core: TandemCore, clock: FakeClock) -> None:
    clock.set(MONDAY)
    await ask(core, clock, [await pair(core, clock)])
    clock.set(MONDAY + timedelta(days=3))
    assert core.program_id is not None
    report = DueReport()
    await remind(DueRun(core.store, core.program, core.program_id, clock, report,
                        dry_run=True))
    assert sorted(who for _, who in report.would_queue) == ["console:mentee0",
                                                           "console:mentor0"]
    assert await outbox(core.store, "qremind") == []
    async with core.store.session() as s:
        assert all(r.reminded_at is None for r in await s.scalars(select(Response)))
        assert await s.scalar(select(Person.id).limit(1)) is not None
