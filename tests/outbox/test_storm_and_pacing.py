"""Issue 10, delivery survives the platforms: a 429 storm from the fake Slack API ends with
everything delivered once and the failures visible in `outbox`; Teams backs off 429/503 with
jitter but never below Retry-After; a burst is paced under the platform's limits in virtual
time (no real sleeping)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from botbuilder.schema import ErrorResponseException
from sqlalchemy import select

from adapters.slack.sender import PACE as SLACK_PACE
from adapters.slack.sender import ShortRateLimitRetry
from adapters.teams.backoff import Backoff
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import Actor, ButtonClicked, CommandInvoked
from conversations.outbox import PACING_BUDGET, deliver
from conversations.pacing import Pace, Pacer, Rate
from conversations.program import Program
from conversations.replies import Card, Text, message_to_dict, without_markers
from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxMessage
from tests.outbox.conftest import slack_sender
from tests.outbox.test_undelivered import HR
from tests.slack.fake_api import FakeSlackApi

POST = "chat.postMessage"


class VirtualTime:
    """The pacer's clock and sleep: sleeping moves time (and the outbox's clock) on."""

    def __init__(self, clock: FakeClock) -> None:
        self.t = 0.0
        self.clock = clock
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds
        self.clock.advance(timedelta(seconds=seconds))


async def queue(store: Store, clock: FakeClock, people: list[str]) -> None:
    async with store.unit() as repos:
        for i, person in enumerate(people):
            await repos.outbox.enqueue(f"nudge:{i}", person,
                                       message_to_dict(Text(f"nudge {i}")), clock.now())


async def say(core: TandemCore, text: str, actor: Actor = HR) -> str:
    """Every text the command answers with, cards included."""
    outcome = await core.handle(CommandInvoked(actor, text))
    parts = [p for r in outcome.replies for p in (
        [r.markdown] if isinstance(r, Text) else
        [r.title, *r.sections] if isinstance(r, Card) else [])]
    return without_markers("\n".join(parts))


def most_in_window(times: list[float], window: float) -> int:
    return max(sum(1 for u in times if t <= u < t + window) for t in times)


async def test_pacing_keeps_the_send_rate_under_the_limit(
        store: Store, fake: FakeSlackApi, clock: FakeClock) -> None:
    people = [f"slack:U{i:03d}" for i in range(40)] + ["slack:UEN"] * 6
    await queue(store, clock, people)
    vt = VirtualTime(clock)
    pacer = Pacer(vt.now, vt.sleep)
    posts: list[tuple[float, str]] = []

    async def record(method: str) -> None:
        if method == POST:
            posts.append((vt.now(), ""))

    fake.before_answer = record
    sender = slack_sender(fake)
    sent: list[str] = []
    for _ in range(20):
        report = await deliver(store, clock, {"slack": sender}, pacer=pacer)
        sent += report.sent
        if len(sent) == len(people):
            break
        await vt.sleep(1.0)  # the next tick, a virtual second later
    assert sorted(sent) == sorted(f"nudge:{i}" for i in range(len(people)))  # each once
    texts = [c.body["text"] for c in fake.to(POST)]
    assert len(texts) == len(set(texts)) == len(people)
    times = [t for t, _ in posts]
    rate = SLACK_PACE.platform
    # Any window of w seconds holds at most burst + rate·w sends (the token bucket's bound).
    for window in (1.0, 5.0):
        assert most_in_window(times, window) <= rate.burst + rate.per_second * window
    assert times[-1] - times[0] >= (len(people) - rate.burst) / rate.per_second - 0.01
    # One person's six: up to three at once (Slack allows short bursts), then one a second.
    mine = [t for (t, _), c in zip(posts, fake.to(POST), strict=True)
            if c.body["channel"] == "UEN"]
    assert len(mine) == 6
    one = SLACK_PACE.conversation
    for window in (1.0, 2.0):
        assert most_in_window(mine, window) <= one.burst + one.per_second * window
    assert mine[-1] - mine[0] >= (6 - one.burst) / one.per_second - 0.01
    assert not [c for c in fake.calls if c.status == 429]  # paced instead of meeting 429s


async def test_one_run_paces_at_most_its_budget(store: Store, fake: FakeSlackApi,
                                                clock: FakeClock) -> None:
    """A long burst is not slept out in one tick: the run stops near PACING_BUDGET and the
    next run goes on where it stopped."""
    fast = Pace(platform=Rate(per_second=1.0, burst=1), conversation=Rate(10.0, 10))
    sender = slack_sender(fake)
    sender.pace = fast  # type: ignore[misc]
    await queue(store, clock, [f"slack:U{i:03d}" for i in range(80)])
    vt = VirtualTime(clock)
    pacer = Pacer(vt.now, vt.sleep)
    first = await deliver(store, clock, {"slack": sender}, pacer=pacer)
    assert sum(vt.slept) <= PACING_BUDGET
    assert 40 <= len(first.sent) < 80
    second = await deliver(store, clock, {"slack": sender}, pacer=pacer)
    assert len(first.sent) + len(second.sent) == 80
    assert not set(first.sent) & set(second.sent)


async def test_a_429_storm_delivers_everything_once_and_outbox_shows_it(
        db_url: str, program: Program, fake: FakeSlackApi, clock: FakeClock) -> None:
    """On SQLite and on the PostgreSQL server."""
    store = Store.from_url(db_url)
    await upgrade(store.engine)
    core = TandemCore(store, program, clock)
    await core.start()
    try:
        await _storm(core, store, fake, clock)
    finally:
        await store.close()


async def _storm(core: TandemCore, store: Store, fake: FakeSlackApi, clock: FakeClock) -> None:
    people = [f"slack:U{i:03d}" for i in range(20)]
    async with store.unit() as repos:
        for i, key in enumerate(people[:3]):
            await repos.people.upsert(key=key, platform="slack", platform_user_id=key[6:],
                                      now=clock.now(), display_name=f"Person {i}")
        await repos.people.upsert(key="slack:UGONE", platform="slack",
                                  platform_user_id="UGONE", now=clock.now(),
                                  display_name="Gone Gustav")
    await queue(store, clock, [*people, "slack:UGONE"])
    fake.unreachable["UGONE"] = "user_not_found"
    for _ in range(12):  # the storm: 429s with Retry-After longer than a call may sleep
        fake.fail_next(POST, 429, retry_after=5)
    vt = VirtualTime(clock)
    pacer = Pacer(vt.now, vt.sleep)
    sender = slack_sender(fake)
    took = time.monotonic()
    report = await deliver(store, clock, {"slack": sender}, pacer=pacer)
    assert report.retry_later and not report.sent  # told to wait: Slack's queue waits

    summary = await say(core, "outbox")
    assert "Retrying (error or rate limit): 1 (Person 0)" in summary

    delivered: Counter[str] = Counter()
    for _ in range(40):
        delivered.update((await deliver(store, clock, {"slack": sender}, pacer=pacer)).sent)
        await vt.sleep(1.0)
    assert time.monotonic() - took < 20  # Retry-After waited in virtual time
    assert delivered == Counter({f"nudge:{i}": 1 for i in range(20)})  # all, none twice
    ok = [c.body["text"] for c in fake.to(POST)
          if c.status == 200 and c.body["channel"] != "UGONE"]
    assert sorted(ok) == sorted(f"nudge {i}" for i in range(20))
    assert len([c for c in fake.calls if c.status == 429]) == 12

    summary = await say(core, "outbox")
    assert "Cannot be reached: 1 (Gone Gustav)" in summary
    assert "Retrying" not in summary  # the storm is over
    german = await say(core, "postausgang", Actor("console", "hr", locale="de"))
    assert "Nicht erreichbar: 1 (Gone Gustav)" in german

    outcome = await core.handle(CommandInvoked(HR, "outbox"))
    card = next(r for r in outcome.replies if isinstance(r, Card))
    assert [b.action_id for b in card.buttons] == ["outbox.retry"]
    clicked = await core.handle(ButtonClicked(HR, "outbox.retry", "all"))
    assert "1 messages are queued again" in without_markers(clicked.replies[0].markdown)  # type: ignore[union-attr]
    again = await core.handle(ButtonClicked(HR, "outbox.retry", "all"))
    assert "Nothing is waiting for you" in without_markers(again.replies[0].markdown)  # type: ignore[union-attr]
    erika = Actor("console", "erika", locale="en")
    outsider = await core.handle(ButtonClicked(erika, "outbox.retry", "all"))
    assert "only the program's coordinators" in outsider.replies[0].markdown  # type: ignore[union-attr]


async def test_coordinators_hear_of_new_failures_once_a_day(
        core: TandemCore, fake: FakeSlackApi, clock: FakeClock) -> None:
    store = core.store
    await queue(store, clock, ["slack:UGONE"])
    fake.unreachable["UGONE"] = "user_not_found"
    await deliver(store, clock, {"slack": slack_sender(fake)})

    async def alerts() -> list[str]:
        async with store.session() as s:  # queued, whether sent since or not
            return sorted(await s.scalars(select(OutboxMessage.dedupe_key)
                                          .where(OutboxMessage.kind == "outbox-alert")))

    assert core.program_id is not None
    await run_due_work(store, core.program, core.program_id, clock)
    first = await alerts()
    assert len(first) == len(core.program.coordinators)
    clock.advance(timedelta(hours=3))
    await run_due_work(store, core.program, core.program_id, clock)
    assert await alerts() == first  # one a day
    clock.advance(timedelta(days=1))
    await run_due_work(store, core.program, core.program_id, clock)
    assert await alerts() == first  # no new failure: no new line
    fake.unreachable["UGONE2"] = "user_not_found"
    async with store.unit() as repos:
        await repos.outbox.enqueue("nudge:late", "slack:UGONE2",
                                   message_to_dict(Text("late")), clock.now())
    await deliver(store, clock, {"slack": slack_sender(fake)})
    await run_due_work(store, core.program, core.program_id, clock)
    later = await alerts()
    assert len(later) == 2 * len(first)


async def test_a_short_retry_after_is_slept_inside_the_call(
        store: Store, fake: FakeSlackApi, clock: FakeClock) -> None:
    """Retry-After ≤ MAX_IN_CALL_WAIT: slack-sdk's handler waits (injected sleep) and the
    message goes out in the same run; the outbox never saw the 429."""
    await queue(store, clock, ["slack:UEN"])
    fake.fail_next(POST, 429, retry_after=1)
    sender = slack_sender(fake)
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    handler = next(h for h in sender.client.retry_handlers if isinstance(h, ShortRateLimitRetry))
    handler.sleep = sleep
    report = await deliver(store, clock, {"slack": sender})
    assert report.sent == ["nudge:0"] and 1.0 <= waited[0] <= 1.5
    assert [c.status for c in fake.to(POST)] == [429, 200]


class Throttled(ErrorResponseException):  # type: ignore[misc]
    def __init__(self, status: int, retry_after: str | None) -> None:
        class Response:
            status_code = status
            headers = {"Retry-After": retry_after} if retry_after else {}
        Exception.__init__(self, f"http {status}")
        self.response = Response()


async def test_teams_backs_off_with_jitter_and_never_below_retry_after() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    for jitter in (0.0, 0.99):
        backoff = Backoff(jitter=lambda j=jitter: j)  # type: ignore[misc]
        for status in (429, 503):
            asked = backoff.delay(1, Throttled(status, "1.5"))
            assert 1.5 <= asked <= 1.5 * 1.5
            own = [backoff.delay(n, Throttled(status, None)) for n in (1, 2, 3)]
            assert own == sorted(own) and own[0] >= 0.25
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise Throttled(429 if calls == 1 else 503, None)
        return "sent"

    backoff = Backoff(sleep=sleep, jitter=lambda: 0.5)
    assert await backoff.run(flaky, max_wait=2.0) == "sent"
    assert waits == [0.5, 1.0]  # exponential, jittered (here the middle), slept not scheduled


async def test_outbox_counts_messages_waiting_for_working_hours(
        core: TandemCore, clock: FakeClock) -> None:
    later = clock.now() + timedelta(hours=14)
    async with core.store.unit() as repos:
        for i in range(13):
            await repos.outbox.enqueue(f"checkin:{i}", f"slack:U{i:03d}",
                                       message_to_dict(Text("did you meet?")), clock.now(),
                                       not_before=later)
    summary = await say(core, "outbox")
    assert "Waiting for working hours: 13 (U000, U001," in summary and " and 3 more" in summary
    outcome = await core.handle(CommandInvoked(HR, "outbox"))
    assert not [r for r in outcome.replies if isinstance(r, Card) and r.buttons]  # none gave up
    clock.set(later)  # due now: no longer held back
    assert "Every message was delivered or is still on its way" in await say(core, "outbox")
