"""What one tick's due work costs with many tandems, beside the floor, on SQLite and PostgreSQL.

    .venv/bin/python bench/nudge_sweep.py [--sizes 1000,10000,100000] [--repeat 3] [--sqlite]

Per size (active tandems, two people each, three logged sessions each, `due_on` spread so
that about one in five is due today or overdue) and per database it prints:
- `run_due_work`: the tick's due work as it stands on this branch (breaks ending, kick-off
  deadlines, the outbox alert; the check-ins join it on merge), its time and SQL statements;
- ours: `repos.tandems.due_by` + the due tandems' people + one `repos.outbox.enqueue_many` of
  one message per due tandem (what a cadence nudge costs), time and statements;
- the floor: the bare indexed query selecting the due tandems' ids and first member's key,
  plus one bulk insert of the same rows (Core, no ORM objects);
- ours/floor. Targets: 10,000 tandems under 1 s within 3x the floor; 100,000 under 10 s;
  statements per tick not growing with the number of tandems.
Each timing is the best of `--repeat` runs; the queued rows are deleted between runs, so each
insert really inserts. PostgreSQL is a throwaway database on the local server (bench/pgdb.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, event, insert, select  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from bench.pgdb import create_database, drop_database  # noqa: E402
from bot.config import load_program  # noqa: E402
from conversations.clock import FakeClock  # noqa: E402
from conversations.due import run_due_work  # noqa: E402
from conversations.program import Program  # noqa: E402
from conversations.replies import Text, message_to_dict  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    OutboxMessage,
    Person,
    ProgramRow,
    SessionRow,
    Tandem,
    TandemMember,
)
from storage.repositories import Queued  # noqa: E402

NOW = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
TODAY = NOW.date()
CADENCE = 14
CHUNK = 5_000
SESSIONS_EACH = 3


@dataclass
class Figure:
    seconds: float
    statements: int
    rows: int


class StatementCounter:
    def __init__(self, store: Store) -> None:
        self.count = 0
        event.listen(store.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1


async def seed(store: Store, n: int, seed_: int = 7) -> int:
    """A program with `n` active tandems, bulk inserted; returns the program id."""
    rng = random.Random(seed_)
    async with store.engine.begin() as conn:
        program_id = (await conn.execute(
            insert(ProgramRow).values(name="bench", start=date(2027, 1, 4), months=12,
                                      created_at=NOW).returning(ProgramRow.id))).scalar_one()
        for start in range(0, 2 * n, CHUNK):
            await conn.execute(insert(Person), [
                dict(id=i + 1, key=f"slack:U{i:07d}", platform="slack",
                     platform_user_id=f"U{i:07d}", display_name=f"Person {i}", locale="en",
                     timezone="Europe/Berlin", created_at=NOW, updated_at=NOW, version=1)
                for i in range(start, min(start + CHUNK, 2 * n))])
        for start in range(0, n, CHUNK):
            tandems, members, sessions = [], [], []
            for t in range(start, min(start + CHUNK, n)):
                # Last session 0..13 days ago, for 60 % 0..20 days: one in five due or overdue.
                last = TODAY - timedelta(days=rng.randint(0, 20) if rng.random() < 0.6
                                         else rng.randint(0, 13))
                tandems.append(dict(
                    id=t + 1, program_id=program_id, format="one_to_one",
                    members_key=f"{2 * t + 1}-{2 * t + 2}", status="active", shared_topics=[],
                    approved_by="slack:UCOORD", approved_at=NOW - timedelta(days=60),
                    activated_at=NOW - timedelta(days=55), goals=[], cadence_days=CADENCE,
                    session_minutes=45, last_session_on=last,
                    due_on=last + timedelta(days=CADENCE), version=1))
                for role, person in (("mentor", 2 * t + 1), ("mentee", 2 * t + 2)):
                    members.append(dict(tandem_id=t + 1, person_id=person, role=role,
                                        rules_at=NOW, cadence_at=NOW, version=1))
                sessions += [dict(tandem_id=t + 1, held_on=last - timedelta(days=CADENCE * k),
                                  minutes=45, topic="onboarding", logged_by=2 * t + 1,
                                  created_at=NOW, updated_at=NOW, version=1)
                             for k in range(SESSIONS_EACH)]
            await conn.execute(insert(Tandem), tandems)
            await conn.execute(insert(TandemMember), members)
            await conn.execute(insert(SessionRow), sessions)
    if store.engine.dialect.name == "postgresql":
        async with store.engine.begin() as conn:
            for table in ("people", "tandems", "tandem_members", "sessions"):
                await conn.exec_driver_sql(f"ANALYZE {table}")
    return int(program_id)


async def ours(store: Store, program_id: int) -> int:
    """The cadence nudge as the due work queues it: due tandems, their people, one insert."""
    body = message_to_dict(Text("Did you meet?"))
    async with store.unit() as repos:
        due = await repos.tandems.due_by(program_id, TODAY)
        ids = [m.person_id for t in due for m in t.members]
        # In pieces: an IN list of 40,000 ids exceeds asyncpg's 32,767 arguments.
        people: dict[int, Person] = {}
        for start in range(0, len(ids), 30_000):
            people |= await repos.people.by_ids(ids[start:start + 30_000])
        rows = [Queued(f"checkin:{t.id}:{people[m.person_id].key}:{t.due_on}",
                       people[m.person_id].key, body, NOW)
                for t in due for m in t.members[:1]]
        await repos.outbox.enqueue_many(rows, NOW)
    return len(rows)


async def ours_rows(store: Store, program_id: int) -> int:
    """The same with `repos.tandems.due_members` (plain joined rows, no ORM objects)."""
    body = message_to_dict(Text("Did you meet?"))
    async with store.unit() as repos:
        rows = [Queued(f"checkin:{r.tandem_id}:{r.key}:{r.due_on}", r.key, body, NOW)
                for r in await repos.tandems.due_members(program_id, TODAY)
                if r.role == "mentor"]
        await repos.outbox.enqueue_many(rows, NOW)
    return len(rows)


async def floor(store: Store, program_id: int) -> int:
    """The bare indexed query and one bulk insert of the same rows."""
    body = message_to_dict(Text("Did you meet?"))
    async with store.engine.begin() as conn:
        first = (select(TandemMember.tandem_id, Person.key, Tandem.due_on)
                 .join(Tandem, Tandem.id == TandemMember.tandem_id)
                 .join(Person, Person.id == TandemMember.person_id)
                 .where(Tandem.program_id == program_id, Tandem.status == "active",
                        Tandem.due_on <= TODAY, TandemMember.role == "mentor"))
        found = (await conn.execute(first)).all()
        if found:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            await conn.execute(dialect.insert(OutboxMessage).on_conflict_do_nothing(), [
                dict(dedupe_key=f"checkin:{tid}:{key}:{due}", kind="checkin",
                     platform="slack", person_key=key, body=body, created_at=NOW,
                     attempts=0, next_attempt_at=NOW) for tid, key, due in found])
    return len(found)


async def measure(store: Store, counter: StatementCounter, repeat: int,
                  work: Callable[[], Awaitable[int]]) -> Figure:
    best: Figure | None = None
    for _ in range(repeat):
        before = counter.count
        started = time.perf_counter()
        rows = await work()
        took = time.perf_counter() - started
        figure = Figure(took, counter.count - before, rows)
        if best is None or figure.seconds < best.seconds:
            best = figure
        async with store.engine.begin() as conn:
            await conn.execute(delete(OutboxMessage))
    assert best is not None
    return best


async def one_size(url: str, n: int, repeat: int, program: Program
                   ) -> tuple[float, Figure, Figure, Figure, Figure]:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        async with store.engine.begin() as conn:  # a fresh program per size
            for table in ("sessions", "tandem_members", "tandems", "outbox", "people",
                          "programs"):
                await conn.exec_driver_sql(f"DELETE FROM {table}")
        started = time.perf_counter()
        program_id = await seed(store, n)
        seeded = time.perf_counter() - started
        counter = StatementCounter(store)
        clock = FakeClock(NOW)
        tick = await measure(store, counter, repeat,
                             lambda: _tick(store, program, program_id, clock))
        mine = await measure(store, counter, repeat, lambda: ours(store, program_id))
        light = await measure(store, counter, repeat, lambda: ours_rows(store, program_id))
        base = await measure(store, counter, repeat, lambda: floor(store, program_id))
    finally:
        await store.close()
    return seeded, tick, mine, light, base


async def sweep(url: str, label: str, sizes: list[int], repeat: int,
                out: Callable[[str], None] = print) -> list[dict[str, Any]]:
    results = []
    program = replace(load_program(ROOT / "tandem.example.toml"),
                      coordinators=frozenset({"slack:UCOORD"}))
    for n in sizes:
        seeded, tick, mine, light, base = await one_size(url, n, repeat, program)
        ratio = mine.seconds / base.seconds if base.seconds else float("inf")
        light_ratio = light.seconds / base.seconds if base.seconds else float("inf")
        out(f"{label} {n:,} tandems (seeded in {seeded:.1f} s), {mine.rows:,} due:\n"
            f"  run_due_work            {_fig(tick)}\n"
            f"  due_by + enqueue_many   {_fig(mine)}  {ratio:5.2f}x floor\n"
            f"  due_members + enqueue   {_fig(light)}  {light_ratio:5.2f}x floor\n"
            f"  floor                   {_fig(base)}")
        results.append({"db": label, "tandems": n, "due": mine.rows, "tick": tick,
                        "ours": mine, "light": light, "floor": base, "ratio": ratio,
                        "light_ratio": light_ratio})
    return results


def _fig(f: Figure) -> str:
    return f"{f.seconds * 1000:8.1f} ms {f.statements:>3} statements"


async def _tick(store: Store, program: Program, program_id: int, clock: FakeClock) -> int:
    report = await run_due_work(store, program, program_id, clock)
    return len(report.queued)


def verdict(results: list[dict[str, Any]], out: Callable[[str], None] = print) -> None:
    for db in sorted({r["db"] for r in results}):
        mine = [r for r in results if r["db"] == db]
        for name, label in (("tick", "run_due_work"), ("ours", "due_by + enqueue_many"),
                            ("light", "due_members + enqueue_many")):
            counts = [r[name].statements for r in mine]
            out(f"{db}: {label}: statements by size {counts} "
                f"({'constant' if len(set(counts)) == 1 else 'GROWS'})")
        for r in mine:
            target = 1.0 if r["tandems"] <= 10_000 else 10.0
            for name, ratio in (("ours", r["ratio"]), ("light", r["light_ratio"])):
                ok = r[name].seconds < target and (r["tandems"] > 10_000 or ratio <= 3.0)
                out(f"  {r['tandems']:>7,} {name:<5} {r[name].seconds:6.3f} s, {ratio:5.2f}x "
                    f"floor (target < {target:g} s"
                    f"{', within 3x' if r['tandems'] <= 10_000 else ''}): "
                    f"{'ok' if ok else 'MISSED'}")


async def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results += await sweep(f"sqlite+aiosqlite:///{tmp}/bench.db", "SQLite", sizes,
                               args.repeat)
    if not args.sqlite:
        url = await create_database()
        if url is not None:
            try:
                results += await sweep(url, "PostgreSQL", sizes, args.repeat)
            finally:
                await drop_database(url)
    verdict(results)
    return results


if __name__ == "__main__":
    asyncio.run(main())
