"""What one tick's due work costs with many tandems, beside the floor, on SQLite and PostgreSQL.

    .venv/bin/python bench/nudge_sweep.py [--sizes 1000,10000,100000] [--repeat 3]
                                          [--sqlite | --postgresql]

The program (`seed`): `n` active tandems with a session history (three sessions each), bulk
inserted, about one in five due today or overdue, and the mix a real program has: German and
English readers, three time zones, some with their own working hours, planned sessions (a
reminder instead of a check-in), quiet tandems (the coordinators are told), circles of
three, project tandems with a target date, members on a break (their tandem's due day moves)
and two coordinators.

Per size and database it prints:
- tick: `run_due_work` as `tandem tick` runs it, on fresh state (no check-in asked yet: every
  due member gets one, every quiet tandem its message), its time and SQL statements;
- next tick: the same a minute later, when everything due was asked already (most ticks);
- floor: the bare indexed query selecting the due tandems' current members and one bulk
  insert of one outbox row each, with a check-in card as its body (the same number of rows
  as the tick's messages, give or take the breaks and the coordinators' messages, and
  bodies of the same size). It inserts in three ways (`FLOORS`: SQLAlchemy's executemany;
  one statement with a parameter a column; the driver's executemany, the body encoded
  once for all rows) and the fastest counts, so the floor is the cheapest honest way to do
  the tick's essential work;
- tick/floor. Targets: 10,000 tandems under 1 s and within 3x the floor on both databases;
  100,000 under 10 s; statements per tick the same at every size.
Two reference lines show what loading the due tandems as ORM objects costs (`due_by` +
`enqueue_many`) against plain rows (`due_members` + `enqueue_many`).
Each timing is the best of `--repeat` runs; what a run queued, asked or moved is undone in
between, so each insert really inserts. PostgreSQL is a throwaway database on the local
server (bench/pgdb.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import bindparam, delete, event, insert, select, update  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from bench.pgdb import create_database, drop_database  # noqa: E402
from bot.config import load_program  # noqa: E402
from conversations.clock import FakeClock  # noqa: E402
from conversations.due import run_due_work  # noqa: E402
from conversations.flows.checkin_render import Renderer, json_text  # noqa: E402
from conversations.program import Program  # noqa: E402
from conversations.replies import verbatim  # noqa: E402
from storage.bulk import Encoded, insert_many, insert_rows  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    CheckIn,
    Enrollment,
    OutboxMessage,
    Person,
    ProgramRow,
    SessionRow,
    Tandem,
    TandemMember,
)
from storage.repositories import Queued  # noqa: E402
from storage.sessions import DueRow  # noqa: E402

NOW = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
QUEUED = ("dedupe_key", "kind", "platform", "person_key", "body", "created_at", "attempts",
          "next_attempt_at")
TODAY = NOW.date()
TOMORROW = TODAY + timedelta(days=1)  # the tick looks one day ahead (planned sessions)
CADENCE = 14
CHUNK = 50_000  # rows per insert while seeding
SESSIONS_EACH = 3
COORDINATORS = frozenset({"slack:UCOORD1", "slack:UCOORD2"})
ZONES = ("Europe/Berlin",) * 8 + ("America/New_York", "Asia/Kolkata")


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


@dataclass
class Seeded:
    program_id: int
    paused: list[tuple[int, date, int]]  # (tandem id, due day, version) of tandems on a break


async def _insert(store: Store, model: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk inserts in big chunks, one statement each (storage/bulk.py)."""
    if not rows:
        return
    columns = list(rows[0])
    for start in range(0, len(rows), CHUNK):
        async with store.unit() as repos:
            await insert_many(repos.session, model, columns,
                              [tuple(r[c] for c in columns) for r in rows[start:start + CHUNK]])


async def seed(store: Store, n: int, seed_: int = 7) -> Seeded:
    """A program with `n` active tandems and their people (see the module)."""
    rng = random.Random(seed_)
    async with store.engine.begin() as conn:
        program_id = int((await conn.execute(
            insert(ProgramRow).values(name="bench", start=date(2027, 1, 4), months=12,
                                      created_at=NOW).returning(ProgramRow.id))).scalar_one())
    people: list[dict[str, Any]] = []
    enrollments: list[dict[str, Any]] = []
    tandems: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    paused: list[tuple[int, date, int]] = []

    def person(role: str, on_break: date | None) -> int:
        i = len(people) + 1
        zone = rng.choice(ZONES)
        own_hours = rng.random() < 0.05
        people.append(dict(
            id=i, key=f"slack:U{i:07d}", platform="slack", platform_user_id=f"U{i:07d}",
            display_name=f"Person {i}", locale="de" if rng.random() < 0.25 else "en",
            timezone=zone, hours_start=8 if own_hours else None,
            hours_end=16 if own_hours else None, work_days=[1, 2, 3, 4] if own_hours else None,
            created_at=NOW, updated_at=NOW, version=1))
        enrollments.append(dict(
            program_id=program_id, person_id=i, role=role, topics=["tools"], never_match=[],
            languages=["en"], timezone=zone, status="paused" if on_break else "active",
            paused_until=on_break, paused_from=TODAY - timedelta(days=2) if on_break else None,
            created_at=NOW, updated_at=NOW, version=1))
        return i

    for t in range(1, n + 1):
        # The first four make sure every kind of due work is there at every size (so the
        # statements compare): a break, a quiet tandem, a target date, a planned session.
        shape = 0.0 if t == 3 else rng.random()
        format, roles = ("project", ("mentor", "mentee")) if shape < 0.03 else (
            ("group", ("mentor", "mentee", "mentee")) if shape < 0.05 else
            ("one_to_one", ("mentor", "mentee")))
        quiet = t == 2 or rng.random() < 0.05  # no session for 30–60 days: escalated
        # Last session 0..13 days ago, for 60 % 0..20 days: one in five due or overdue.
        last = TODAY - timedelta(days=rng.randint(30, 60) if quiet else rng.randint(0, 20)
                                 if t == 1 or rng.random() < 0.6 else rng.randint(0, 13))
        planned = (TODAY if t == 4 else last + timedelta(days=rng.randint(1, 13))
                   if rng.random() < 0.1 else None)
        due = planned + timedelta(days=1) if planned else last + timedelta(days=CADENCE)
        if t == 1:
            due = TODAY - timedelta(days=3)
        on_break = TODAY + timedelta(days=rng.randint(1, 20)) if t == 1 or (
            rng.random() < 0.005) else None
        ids = [person(role, on_break if k == len(roles) - 1 else None)
               for k, role in enumerate(roles)]
        if on_break and due <= TOMORROW:
            paused.append((t, due, 1))
        activated = NOW - timedelta(days=rng.randint(55, 120))
        tandems.append(dict(
            id=t, program_id=program_id, format=format,
            members_key=",".join(str(i) for i in ids), status="active", shared_topics=[],
            approved_by="slack:UCOORD1", approved_at=activated - timedelta(days=5),
            activated_at=activated, goals=[], cadence_days=CADENCE, session_minutes=45,
            deliverable="An onboarding guide for the new tools" if format == "project" else None,
            target_date=(TODAY + timedelta(days=7 if t == 3 or rng.random() < 0.2 else 40))
            if format == "project" else None,
            last_session_on=last, planned_on=planned, due_on=due, version=1))
        members += [dict(tandem_id=t, person_id=i, role=role, rules_at=NOW, cadence_at=NOW,
                         version=1) for i, role in zip(ids, roles, strict=True)]
        sessions += [dict(tandem_id=t, held_on=last - timedelta(days=CADENCE * k), minutes=45,
                          topic="onboarding", logged_by=ids[0], created_at=NOW, updated_at=NOW,
                          version=1) for k in range(SESSIONS_EACH)]
    for model, rows in ((Person, people), (Enrollment, enrollments), (Tandem, tandems),
                        (TandemMember, members), (SessionRow, sessions)):
        await _insert(store, model, rows)
    if store.engine.dialect.name == "postgresql":
        async with store.engine.begin() as conn:
            for table in ("people", "enrollments", "tandems", "tandem_members", "sessions"):
                await conn.exec_driver_sql(f"ANALYZE {table}")
    return Seeded(program_id, paused)


async def undo(store: Store, seeded: Seeded) -> None:
    """What a tick did, undone: no message queued, no check-in asked, no due day moved."""
    async with store.engine.begin() as conn:
        await conn.execute(delete(OutboxMessage))
        await conn.execute(delete(CheckIn))
        if seeded.paused:
            await conn.execute(
                update(Tandem).where(Tandem.id == bindparam("tid"))
                .values(due_on=bindparam("due"), version=bindparam("v")),
                [dict(tid=t, due=d, v=v) for t, d, v in seeded.paused])


def card_body(program: Program) -> dict[str, Any]:
    """A check-in card as the tick words it, for the floor's rows."""
    row = DueRow(tandem_id=12345, format="one_to_one", cadence_days=CADENCE,
                 due_on=TODAY, planned_on=None, last_session_on=None, started=NOW,
                 deliverable=None, target_date=None, version=1,
                 person_id=1, role="mentor", key="slack:U0000001", display_name="Person 1",
                 locale="en", timezone="Europe/Berlin", hours_start=None, hours_end=None,
                 work_days=None, paused_until=None)
    body: dict[str, Any] = json.loads(Renderer(program, NOW).message(
        "checkin", row, json_text(verbatim("Person 2")), TODAY))
    return body


def _due_members() -> Any:
    """The bare indexed query: the current members of the tandems due by tomorrow."""
    return (select(TandemMember.tandem_id, Person.key, Tandem.due_on)
            .join(Tandem, Tandem.id == TandemMember.tandem_id)
            .join(Person, Person.id == TandemMember.person_id)
            .where(Tandem.program_id == bindparam("program"), Tandem.status == "active",
                   Tandem.due_on <= TOMORROW, TandemMember.left_at.is_(None)))


FLOORS = {
    "executemany": "SQLAlchemy's executemany, the body a dict",
    "one statement": "one statement, a parameter a column, the body encoded once",
    "driver executemany": "one prepared statement run for each row (PostgreSQL: as one "
                          "statement), the body encoded once",
}


async def floor(store: Store, program_id: int, body: dict[str, Any], how: str) -> int:
    """The bare indexed query and one bulk insert of the same rows, `how` (`FLOORS`)."""
    async with store.unit() as repos:
        conn = await repos.session.connection()
        found = (await conn.execute(_due_members(), {"program": program_id})).all()
        if not found:
            return 0
        encoded = Encoded(json.dumps(body))
        rows = [(f"checkin:{tid}:{key}:{due}", "checkin", "slack", key, encoded, NOW, 0, NOW)
                for tid, key, due in found]
        if how == "one statement":
            await insert_rows(repos.session, OutboxMessage, QUEUED, rows, (OutboxMessage.id,))
        elif how == "driver executemany":
            await insert_many(repos.session, OutboxMessage, QUEUED, rows)
        else:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            await conn.execute(dialect.insert(OutboxMessage).on_conflict_do_nothing(), [
                dict(dedupe_key=f"checkin:{tid}:{key}:{due}", kind="checkin",
                     platform="slack", person_key=key, body=body, created_at=NOW,
                     attempts=0, next_attempt_at=NOW) for tid, key, due in found])
    return len(found)


async def ours(store: Store, program_id: int, body: dict[str, Any]) -> int:
    """Reference: the due tandems as ORM objects (`due_by`), their people, one insert."""
    async with store.unit() as repos:
        due = await repos.tandems.due_by(program_id, TOMORROW)
        ids = [m.person_id for t in due for m in t.members if m.left_at is None]
        # In pieces: an IN list of 40,000 ids exceeds asyncpg's 32,767 arguments.
        people: dict[int, Person] = {}
        for start in range(0, len(ids), 30_000):
            people |= await repos.people.by_ids(ids[start:start + 30_000])
        rows = [Queued(f"checkin:{t.id}:{people[m.person_id].key}:{t.due_on}",
                       people[m.person_id].key, body, NOW)
                for t in due for m in t.members if m.left_at is None]
        await repos.outbox.enqueue_many(rows, NOW)
    return len(rows)


async def ours_rows(store: Store, program_id: int, body: dict[str, Any]) -> int:
    """Reference: the same with `repos.tandems.due_members` (plain joined rows)."""
    async with store.unit() as repos:
        rows = [Queued(f"checkin:{r.tandem_id}:{r.key}:{r.due_on}", r.key, body, NOW)
                for r in await repos.tandems.due_members(program_id, TOMORROW)]
        await repos.outbox.enqueue_many(rows, NOW)
    return len(rows)


async def measure(store: Store, counter: StatementCounter, repeat: int,
                  works: dict[str, tuple[Callable[[], Awaitable[int]], bool]],
                  reset: Callable[[], Awaitable[None]]) -> dict[str, Figure]:
    """The best of `repeat` runs of each work, each on the state `reset` makes, the works
    taking turns (so a busy moment of the machine falls on all of them alike). A work
    marked `True` is timed when run a second time right after the first (a tick a
    minute later)."""
    best: dict[str, Figure] = {}
    for _ in range(repeat):
        for name, (work, again) in works.items():
            if again:
                await work()
            before = counter.count
            started = time.perf_counter()
            rows = await work()
            took = time.perf_counter() - started
            figure = Figure(took, counter.count - before, rows)
            if name not in best or figure.seconds < best[name].seconds:
                best[name] = figure
            await reset()
    return best


async def one_size(url: str, n: int, repeat: int, program: Program) -> dict[str, Any]:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        async with store.engine.begin() as conn:  # a fresh program per size
            for table in ("checkins", "sessions", "tandem_members", "tandems", "outbox",
                          "enrollments", "people", "programs"):
                await conn.exec_driver_sql(f"DELETE FROM {table}")
        started = time.perf_counter()
        seeded = await seed(store, n)
        took_seed = time.perf_counter() - started
        program_id, body = seeded.program_id, card_body(program)
        async with store.engine.connect() as conn:
            due = len({tid for tid, _k, _d in (await conn.execute(
                _due_members(), {"program": program_id})).all()})
        counter = StatementCounter(store)
        clock = FakeClock(NOW)

        async def reset() -> None:
            await undo(store, seeded)

        async def tick() -> int:
            return len((await run_due_work(store, program, program_id, clock)).queued)

        floors = {f"floor:{how}": ((lambda h=how: floor(store, program_id, body, h)), False)
                  for how in FLOORS}
        figures = await measure(store, counter, repeat, {
            "tick": (tick, False), **floors, "next": (tick, True),
            "ours": (lambda: ours(store, program_id, body), False),
            "light": (lambda: ours_rows(store, program_id, body), False),
        }, reset)
        fastest = min(FLOORS, key=lambda how: figures[f"floor:{how}"].seconds)
        figures["floor"] = figures[f"floor:{fastest}"]
        for how in FLOORS:
            del figures[f"floor:{how}"]
    finally:
        await store.close()
    return {"seeded": took_seed, "due": due, "floor_kind": fastest, **figures}


async def sweep(url: str, label: str, sizes: list[int], repeat: int,
                out: Callable[[str], None] = print) -> list[dict[str, Any]]:
    results = []
    program = replace(load_program(ROOT / "tandem.example.toml"), coordinators=COORDINATORS)
    for n in sizes:
        r = await one_size(url, n, repeat, program)
        tick, base = r["tick"], r["floor"]
        ratio = tick.seconds / base.seconds if base.seconds else float("inf")
        out(f"{label} {n:,} tandems (seeded in {r['seeded']:.1f} s), {r['due']:,} due:\n"
            f"  tick (run_due_work)        {_fig(tick)}  {ratio:5.2f}x floor, "
            f"{tick.rows:,} queued\n"
            f"  next tick (nothing new)    {_fig(r['next'])}\n"
            f"  floor (query + 1 insert)   {_fig(base)}  {base.rows:,} rows, "
            f"{r['floor_kind']}\n"
            f"  (ORM due_by + enqueue      {_fig(r['ours'])})\n"
            f"  (due_members + enqueue     {_fig(r['light'])})")
        results.append({"db": label, "tandems": n, "ratio": ratio,
                        "light_ratio": r["light"].seconds / base.seconds, **r})
    return results


def _fig(f: Figure) -> str:
    return f"{f.seconds * 1000:8.1f} ms {f.statements:>3} statements"


def verdict(results: Sequence[dict[str, Any]], out: Callable[[str], None] = print) -> None:
    out(f"\n{'database':<11}{'tandems':>8}{'due':>7}{'queued':>8}{'tick s':>9}{'floor s':>9}"
        f"{'ratio':>7}{'statements':>12}{'next tick s':>13}  target")
    for db in sorted({r["db"] for r in results}):
        mine = [r for r in results if r["db"] == db]
        for r in mine:
            target = 1.0 if r["tandems"] <= 10_000 else 10.0
            ok = r["tick"].seconds < target and (r["tandems"] > 10_000 or r["ratio"] <= 3.0)
            out(f"{db:<11}{r['tandems']:>8,}{r['due']:>7,}{r['tick'].rows:>8,}"
                f"{r['tick'].seconds:>9.3f}{r['floor'].seconds:>9.3f}{r['ratio']:>6.2f}x"
                f"{r['tick'].statements:>12}{r['next'].seconds:>13.3f}  < {target:g} s"
                f"{' and <= 3x' if r['tandems'] <= 10_000 else ''}: "
                f"{'ok' if ok else 'MISSED'}")
        ticks, nexts = ([r[k].statements for r in mine] for k in ("tick", "next"))
        out(f"{db}: statements per tick by size {ticks}, next tick {nexts}: "
            f"{'constant' if len(set(ticks)) == len(set(nexts)) == 1 else 'GROWS'}")


async def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sqlite", action="store_true", help="SQLite only")
    which.add_argument("--postgresql", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    if not args.postgresql:
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
