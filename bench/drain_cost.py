"""What draining the Slack inbox costs per item, independent of the machine's other load.

Stores N `/tandem status` requests in the inbox as the ack does (InboxWriter), then drains them
in this process with the Slack adapter's drainer against a fake Slack, and prints per item:
SQL statements and transactions (counted with SQLAlchemy's events, plus the writer's own
insert statements), and CPU milliseconds of this process and of the PostgreSQL backends.

    .venv/bin/python bench/drain_cost.py [--items 500] [--sqlite] [--profile] [--users 1]
                                         [--no-home]

Each item's person gets their Home tab refreshed afterwards (adapters/slack/home.py): counted
too, unpaced here (`--users N` spreads the items over N people, so up to N pages are built
and published; `--no-home` leaves the refresh out, for comparison).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.ack_latency import CpuMeter, cpu_between, seed  # noqa: E402 - needs the path
from bench.pgdb import create_database, drop_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def command_body(fake: str, n: int, users: int = 1) -> dict[str, Any]:
    user = "UBENCH" if users <= 1 else f"UBENCH{n % users}"
    return {"token": "unused", "team_id": "TBENCH", "team_domain": "bench",
            "channel_id": "D1", "channel_name": "directmessage", "user_id": user,
            "user_name": "bench", "command": "/tandem", "text": "status",
            "api_app_id": "ABENCH", "response_url": f"{fake}/response/x",
            "trigger_id": f"1.2.{n}.{time.time_ns()}"}


async def run(database_url: str, fake: str, items: int, profile: bool, users: int = 1,
              home: bool = True) -> None:
    from sqlalchemy import event

    from bot.app import build_runtime
    from bot.config import load_settings
    from storage.inbox import NewItem

    await seed(database_url)
    settings = load_settings({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                              "SLACK_SIGNING_SECRET": "bench", "SLACK_API_URL": f"{fake}/api/"},
                             dotenv=False)
    runtime = await build_runtime(settings, migrate=False, teams=False)
    slack = runtime.slack
    assert slack is not None
    counts: Counter[str] = Counter()
    if home:
        slack.home.rate = slack.home.burst = 10**9  # the cost, not Slack's pace; the delay
        # stays: it is what coalesces one person's burst
    else:
        slack.home.build = None

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        counts[statement.split(None, 1)[0].upper()] += 1

    for engine in {runtime.store.engine, slack.writer._engine}:
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        event.listen(engine.sync_engine, "commit", lambda conn: counts.update(["COMMIT"]))
    # The writer's insert goes to the driver directly: one statement per group commit.
    inner = slack.writer._insert

    async def counted_insert(batch: list[NewItem]) -> set[str]:
        counts["INSERT"] += 1
        counts["COMMIT"] += 1
        return await inner(batch)

    slack.writer._insert = counted_insert  # type: ignore[method-assign]
    # Warm-up: caches (profile, translations), the pool, bolt's auth.test.
    await asyncio.gather(*(slack.writer.put(NewItem("slack", f"warm:{n}", "command", {
        "request": command_body(fake, n)})) for n in range(20)))
    slack.start()
    await slack.drainer.wait_idle()
    await slack.home.wait_idle()
    counts.clear()
    meter = CpuMeter(os.getpid(), database_url)
    before, cpu0 = await meter.snapshot(), time.process_time()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    began = time.perf_counter()
    await asyncio.gather(*(slack.writer.put(NewItem("slack", f"bench:{n}", "command", {
        "request": command_body(fake, n, users)})) for n in range(items)))
    await slack.drainer.wait_idle()
    await slack.home.wait_idle()
    elapsed = time.perf_counter() - began
    if profiler:
        profiler.disable()
    cpu_self, after = time.process_time() - cpu0, await meter.snapshot()
    total = cpu_between(before, after) or 0.0
    await meter.close()
    async with runtime.store.unit() as repos:
        left = await repos.inbox.counts()
    assert left == {"pending": 0, "failed": 0}, left
    await runtime.close()
    per = {k: v / items for k, v in sorted(counts.items())}
    print(f"{runtime.store.dialect}, {users} user(s), home {'on' if home else 'off'} "
          f"({slack.home.published} pages published): {items} items in {elapsed:.2f} s; per item: "
          f"{sum(v for k, v in counts.items() if k != 'COMMIT') / items:.2f} statements "
          f"({', '.join(f'{k} {v:.2f}' for k, v in per.items())}); CPU ms: this process "
          f"{cpu_self * 1000 / items:.2f}, with database backends {total * 1000 / items:.2f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            "(conversations|storage|adapters)/", 40)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--users", type=int, default=1, help="people the items come from")
    parser.add_argument("--no-home", action="store_true", help="no Home tab refreshes")
    args = parser.parse_args()
    port = free_port()
    fake = f"http://127.0.0.1:{port}"
    fake_proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "fake_slack.py"),
                                  str(port)], cwd=ROOT)
    for key in [k for k in os.environ if k.startswith(("HTTP_PROXY", "HTTPS_PROXY"))]:
        del os.environ[key]
    pg_url = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{fake}/counts", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        if args.sqlite:
            url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='tandem-drain-')}/bench.db"
        else:
            pg_url = await create_database()
            if pg_url is None:
                return
            url = pg_url
        await run(url, fake, args.items, args.profile, args.users, not args.no_home)
    finally:
        fake_proc.terminate()
        if pg_url:
            await drop_database(pg_url)


if __name__ == "__main__":
    asyncio.run(main())
