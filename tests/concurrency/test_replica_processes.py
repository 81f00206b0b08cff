"""Issue 10: separate `tandem tick --now …` and `tandem serve` processes on one real
PostgreSQL, sending to the fake Slack on loopback: what they see is what Slack would see.

- Two processes ticking the same virtual instant deliver every check-in exactly once. The fake
  holds the first chat.postMessage until a second one is in flight at the same time: each
  process sends one message at a time, so two at once means both processes are delivering
  from the same queue together, not one after the other.
- A process killed by SIGKILL between its claim and marking the message sent, either before
  Slack had the post or after (Slack posted it, the answer died with the process): another
  process ticking before the lease ends leaves that message alone and delivers the rest; one
  ticking after the lease sends it once more. The in-flight message arrives once, or twice
  when Slack already had it (the documented at-most-one resend: the platforms have no
  idempotency key); every other one once; none is lost.
- Two `tandem serve` processes (their APScheduler tickers every second, on the real clock,
  as `serve` always runs) send each check-in of tandems due today exactly once.

Virtual time makes the lease deterministic: it is taken at `--now` and runs out at `--now`
plus `LEASE`, so no real waiting and no shortened lease are needed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import load_program
from conversations.aggregates import cadence
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.outbox import LEASE
from storage.db import Store
from storage.migrate import upgrade
from storage.models import Enrollment, OutboxMessage, Tandem, TandemMember
from tests.slack.fake_api import FakeSlackApi
from tests.slack.harness import BOT_TOKEN, PROGRAM, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
ACTIVATED = date(2027, 1, 20)
DUE = ACTIVATED + timedelta(days=14)  # a Wednesday: check-ins are due
NOW = datetime(2027, 2, 3, 9, 0, tzinfo=UTC)  # 10:00 in Berlin: within working hours
STARTUP = 60.0  # a process's imports, on a machine shared with other test runs
POST = "chat.postMessage"


async def slack_tandems(database_url: str, count: int, activated: date = ACTIVATED,
                        around_the_clock: bool = False) -> list[str]:
    """`count` active Slack tandems due a cadence after `activated` (DUE by default);
    returns every member's Slack user id. `around_the_clock`: they work at any hour."""
    store = Store.from_url(database_url)
    try:
        await upgrade(store.engine)  # before the processes start: they need not race on it
        clock = FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
        core = TandemCore(store, load_program(PROGRAM), clock)
        await core.start()
        users = []
        async with store.unit() as repos:
            for n in range(count):
                ids = []
                for role in ("mentor", "mentee"):
                    user = f"UR{role[:5].upper()}{n:03d}"  # URMENTO…, URMENTE…
                    person = await repos.people.upsert(
                        key=f"slack:{user}", platform="slack", platform_user_id=user,
                        display_name=f"{role.title()} {n}", locale="en",
                        timezone="Europe/Berlin", now=clock.now())
                    if around_the_clock:
                        person.hours_start, person.hours_end = 0, 24
                        person.work_days = [1, 2, 3, 4, 5, 6, 7]
                    await repos.enrollments.add(Enrollment(
                        program_id=core.program_id, person_id=person.id, role=role,
                        topics=["ai"], never_match=[], languages=["en"],
                        timezone="Europe/Berlin", status="active", created_at=clock.now(),
                        updated_at=clock.now()))
                    ids.append((person.id, role))
                    users.append(user)
                tandem = Tandem(
                    program_id=core.program_id, format="one_to_one",
                    members_key=",".join(str(i) for i, _ in sorted(ids)), status="active",
                    shared_topics=["ai"], approved_by="slack:UCOORD", approved_at=clock.now(),
                    activated_at=clock.now(), goals=["Try one AI tool"], cadence_days=14,
                    session_minutes=60, mode="video",
                    members=[TandemMember(person_id=i, role=r) for i, r in ids])
                cadence.start(tandem, activated)
                assert tandem.due_on == activated + timedelta(days=14)
                await repos.tandems.add(tandem)
        return users
    finally:
        await store.close()


def tick_env(database_url: str, fake: FakeSlackApi) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "SLACK_",
                                        "MICROSOFT_", "TEAMS_", "TANDEM_"))}
    env.update({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url,
                "TANDEM_CONFIG": str(PROGRAM), "TANDEM_LOG_LEVEL": "WARNING"})
    return env


async def start_tick(env: dict[str, str], now: datetime) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "tick", "--now", now.isoformat(), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True)


async def finished(process: asyncio.subprocess.Process) -> str:
    """The tick's output, after checking it ended well."""
    out, _ = await asyncio.wait_for(process.communicate(), STARTUP)
    text = out.decode()
    assert process.returncode == 0, text
    assert "Traceback" not in text, text
    return text


async def until(condition: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def sent_count(summary: str) -> int:
    """`resumed 0; sent 7; unreachable 0; …` → 7."""
    first = summary.strip().splitlines()[0]
    return int(first.split("sent ", 1)[1].split(";", 1)[0])


def posts_by_channel(fake: FakeSlackApi) -> Counter[str]:
    return Counter(str(c.body.get("channel")) for c in fake.to(POST) if c.status == 200)


async def outbox_rows(database_url: str) -> list[OutboxMessage]:
    store = Store.from_url(database_url)
    try:
        async with store.session() as s:
            return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    finally:
        await store.close()


class SideBySide:
    """The fake Slack's hook before answering a post: the first posts wait until two are in
    flight at once (one per process), then every post takes a little while, so the two
    processes keep claiming side by side."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.both = asyncio.Event()  # two posts were open at once
        self.seen: list[int] = []  # posts in flight, as each arrived

    async def __call__(self, method: str) -> None:
        if method != POST:
            return
        self.in_flight += 1
        self.seen.append(self.in_flight)
        if not self.both.is_set():
            if self.in_flight >= 2:
                self.both.set()
            else:
                await asyncio.wait_for(self.both.wait(), STARTUP)
        await asyncio.sleep(0.02)
        self.in_flight -= 1


async def test_two_tick_processes_at_one_instant_send_each_check_in_once(
        pg_url: str) -> None:
    users = await slack_tandems(pg_url, 8)
    fake = FakeSlackApi()
    meet = SideBySide()
    fake.before_answer = meet
    await fake.start()
    started = time.monotonic()
    try:
        env = tick_env(pg_url, fake)
        a, b = await start_tick(env, NOW), await start_tick(env, NOW)
        out_a, out_b = await asyncio.gather(finished(a), finished(b))
    finally:
        await fake.close()
    print(f"two ticks: {time.monotonic() - started:.1f} s; posts in flight at once "
          f"{max(meet.seen)}")
    assert meet.both.is_set() and max(meet.seen) >= 2  # they really delivered side by side

    assert posts_by_channel(fake) == Counter({u: 1 for u in users})
    rows = await outbox_rows(pg_url)
    assert sorted(r.person_key for r in rows) == sorted(f"slack:{u}" for u in users)
    assert {r.kind for r in rows} == {"checkin"}
    assert all(r.sent_at is not None and r.attempts == 1 and r.failed_at is None
               for r in rows)
    # Each process sent some of them, and between them each exactly once.
    sent_a, sent_b = sent_count(out_a), sent_count(out_b)
    assert sent_a > 0 and sent_b > 0, (out_a, out_b)
    assert sent_a + sent_b == len(users)
    texts = Counter((str(c.body.get("channel")), str(c.body.get("text"))) for c in fake.to(POST))
    assert set(texts.values()) == {1}


async def stalled_first_post(slack_got_it: bool
                             ) -> tuple[FakeSlackApi, asyncio.Event, list[str]]:
    """A started fake whose first chat.postMessage stalls until `release` is set: recorded
    with its answer held back (`slack_got_it`), or never recorded and then reset."""
    fake = FakeSlackApi()
    release = asyncio.Event()
    arrived: list[str] = []
    if slack_got_it:
        fake.hang_once[POST] = release  # done and recorded; its answer waits
    else:
        async def hold_first(method: str) -> None:
            if method == POST and not arrived:
                arrived.append(method)
                await release.wait()  # the process dies meanwhile
                raise ConnectionResetError("never answered, never recorded")

        fake.before_answer = hold_first
    await fake.start()
    return fake, release, arrived


@pytest.mark.parametrize("slack_got_it", [True, False], ids=["posted", "not-posted"])
async def test_a_tick_killed_mid_send_is_resent_once_after_the_lease_and_nothing_is_lost(
        pg_url: str, slack_got_it: bool) -> None:
    """`posted`: Slack took the post and the answer was lost with the process (the one
    resend shows as a second copy); `not-posted`: the process died before Slack had it."""
    users = await slack_tandems(pg_url, 3)
    fake, release, arrived = await stalled_first_post(slack_got_it)
    started = time.monotonic()
    try:
        env = tick_env(pg_url, fake)
        doomed = await start_tick(env, NOW)
        if slack_got_it:
            await fake.wait_for(POST, within=STARTUP)
        else:
            await until(lambda: bool(arrived), STARTUP)
        os.killpg(doomed.pid, signal.SIGKILL)
        assert await asyncio.wait_for(doomed.wait(), 10) == -signal.SIGKILL
        release.set()
        killed_at = time.monotonic()
        assert len(fake.to(POST)) == (1 if slack_got_it else 0)

        rows = await outbox_rows(pg_url)
        assert len(rows) == len(users) and not any(r.sent_at for r in rows)
        [claimed] = [r for r in rows if r.lease_until is not None]
        in_flight = claimed.person_key.removeprefix("slack:")
        if slack_got_it:
            assert [c.body["channel"] for c in fake.to(POST)] == [in_flight]

        # Within the lease another process leaves the claimed message alone.
        early = await finished(await start_tick(env, NOW + LEASE - timedelta(seconds=1)))
        assert sent_count(early) == len(users) - 1
        assert posts_by_channel(fake) == Counter(
            {u: 1 for u in users if slack_got_it or u != in_flight})

        # After it, the one that was in flight is sent once more, and only it.
        late = await finished(await start_tick(env, NOW + LEASE + timedelta(seconds=1)))
        assert sent_count(late) == 1
    finally:
        release.set()
        await fake.close()
    print(f"kill, tick within and after the lease: {time.monotonic() - killed_at:.1f} s "
          f"after the kill, {time.monotonic() - started:.1f} s in all")
    resent = 2 if slack_got_it else 1  # the one resend; never a third copy, never none
    assert posts_by_channel(fake) == Counter(
        {u: resent if u == in_flight else 1 for u in users})
    rows = await outbox_rows(pg_url)
    assert all(r.sent_at is not None and r.failed_at is None for r in rows)
    assert sorted(r.attempts for r in rows) == [1] * (len(users) - 1) + [2]



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def start_serve(env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--slack-workers", "0", cwd=ROOT, env=env | {"TANDEM_TICK_SECONDS": "1"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True)


async def test_two_serve_processes_tick_on_the_real_clock_and_send_each_check_in_once(
        pg_url: str) -> None:
    """`tandem serve` always runs on the real clock: the tandems are due today, and their
    people work around the clock, so the check-ins go out whenever the test runs. Each
    server's APScheduler ticker ticks every second."""
    berlin_today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    users = await slack_tandems(pg_url, 6, activated=berlin_today - timedelta(days=14),
                                around_the_clock=True)
    fake = FakeSlackApi()
    meet = SideBySide()
    fake.before_answer = meet
    await fake.start()
    env = tick_env(pg_url, fake)
    servers = [await start_serve(env, free_port()), await start_serve(env, free_port())]
    started = time.monotonic()
    try:
        await until(lambda: len(fake.to(POST)) >= len(users), STARTUP)
        await asyncio.sleep(2.5)  # a few more ticks of each: room for a double to show up
        running = [s.returncode is None for s in servers]
    finally:
        for server in servers:
            if server.returncode is None:
                os.killpg(server.pid, signal.SIGTERM)
        outputs = [(await asyncio.wait_for(s.communicate(), 15))[0].decode() for s in servers]
        await fake.close()
    print(f"two servers: every check-in {time.monotonic() - started:.1f} s after start")
    assert running == [True, True], outputs
    assert meet.both.is_set()  # both delivered at the same time
    assert posts_by_channel(fake) == Counter({u: 1 for u in users})
    assert not any("Traceback" in out for out in outputs), outputs
    rows = await outbox_rows(pg_url)
    assert {r.kind for r in rows} == {"checkin"}
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows)


@pytest.mark.parametrize("slack_got_it", [True, False], ids=["posted", "not-posted"])
async def test_a_serve_killed_mid_send_is_resent_once_after_the_lease_and_nothing_is_lost(
        pg_url: str, slack_got_it: bool) -> None:
    """`tandem serve` (its APScheduler ticker, the real clock) killed by SIGKILL with one
    post in flight: a second server started at once delivers everything else and leaves
    the claimed message to its lease; once the lease is over (a tick at the real time plus
    `LEASE`: nobody waits three minutes) that message goes once more, and only it."""
    berlin_today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    users = await slack_tandems(pg_url, 3, activated=berlin_today - timedelta(days=14),
                                around_the_clock=True)
    fake, release, arrived = await stalled_first_post(slack_got_it)
    env = tick_env(pg_url, fake)
    started = time.monotonic()
    second: asyncio.subprocess.Process | None = None
    try:
        doomed = await start_serve(env, free_port())
        if slack_got_it:
            await fake.wait_for(POST, within=STARTUP)
        else:
            await until(lambda: bool(arrived), STARTUP)
        os.killpg(doomed.pid, signal.SIGKILL)
        assert await asyncio.wait_for(doomed.wait(), 10) == -signal.SIGKILL
        release.set()
        killed = datetime.now(UTC)
        rows = await outbox_rows(pg_url)
        assert len(rows) == len(users) and not any(r.sent_at for r in rows)
        [claimed] = [r for r in rows if r.lease_until is not None]
        assert claimed.lease_until is not None and claimed.lease_until > killed
        in_flight = claimed.person_key.removeprefix("slack:")

        # A second server, within the lease: the rest once each, the claimed one left alone.
        second = await start_serve(env, free_port())
        others = {u: 1 for u in users if slack_got_it or u != in_flight}
        await until(lambda: posts_by_channel(fake) == Counter(others), STARTUP)
        await asyncio.sleep(2.5)  # a few more ticks: room for an early resend to show up
        assert second.returncode is None
        assert datetime.now(UTC) < claimed.lease_until  # the test really stayed inside it
        assert posts_by_channel(fake) == Counter(others)
        os.killpg(second.pid, signal.SIGTERM)
        output = (await asyncio.wait_for(second.communicate(), 15))[0].decode()
        assert "Traceback" not in output, output

        # After the lease, the one that was in flight is sent once more, and only it.
        late = await finished(await start_tick(env, claimed.lease_until + timedelta(seconds=1)))
        assert sent_count(late) == 1
    finally:
        release.set()
        if second is not None and second.returncode is None:
            os.killpg(second.pid, signal.SIGKILL)
        await fake.close()
    print(f"serve killed, second server, tick after the lease: "
          f"{time.monotonic() - started:.1f} s in all")
    resent = 2 if slack_got_it else 1  # the one resend; never a third copy, never none
    assert posts_by_channel(fake) == Counter(
        {u: resent if u == in_flight else 1 for u in users})
    rows = await outbox_rows(pg_url)
    assert all(r.sent_at is not None and r.failed_at is None for r in rows)
    assert sorted(r.attempts for r in rows) == [1] * (len(users) - 1) + [2]
