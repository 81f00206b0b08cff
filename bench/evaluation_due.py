"""What asking the mid-program check-in costs a tick with many tandems, on SQLite and PostgreSQL.

    .venv/bin/python bench/evaluation_due.py [--sizes 1000,3000] [--repeat 2] [--sqlite]

Per size (active tandems of two people, seeded as in bench/nudge_sweep.py) it prints the
evaluations' due work on half-time day (`evaluations.ask_due`: the query for tandems with
someone not yet asked, `put_to` for every member: the responses, the first question's card,
the DM routes) — its time, SQL statements and the messages it queued — and the next tick,
which finds everyone asked. Statements should not grow with the number of tandems. Each
timing is the best of `--repeat` runs; responses, routes and messages are deleted between
runs, so each really asks.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete  # noqa: E402

from bench.nudge_sweep import Figure, StatementCounter, seed  # noqa: E402
from bench.pgdb import create_database, drop_database  # noqa: E402
from bot.config import load_program  # noqa: E402
from conversations.clock import FakeClock  # noqa: E402
from conversations.due import DueReport, DueRun  # noqa: E402
from conversations.flows.evaluations import ask_due, half_time  # noqa: E402
from conversations.program import Program  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import ConversationState, OutboxMessage, Response  # noqa: E402


async def _ask(store: Store, program: Program, program_id: int, clock: FakeClock) -> int:
    run = DueRun(store, program, program_id, clock, DueReport())
    await ask_due(run)
    return len(run.report.queued)


async def _clear(store: Store) -> None:
    async with store.engine.begin() as conn:
        for model in (OutboxMessage, ConversationState, Response):
            await conn.execute(delete(model))


async def one_size(url: str, n: int, repeat: int, program: Program) -> tuple[Figure, Figure]:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        async with store.engine.begin() as conn:  # a fresh program per size
            for table in ("responses", "conversation_states", "sessions", "tandem_members",
                          "tandems", "outbox", "people", "programs"):
                await conn.exec_driver_sql(f"DELETE FROM {table}")
        program_id = await seed(store, n)
        day = half_time(program)
        clock = FakeClock(datetime(day.year, day.month, day.day, 6, tzinfo=UTC))
        counter = StatementCounter(store)
        first: Figure | None = None
        again: Figure | None = None
        for _ in range(repeat):
            await _clear(store)
            for slot in ("first", "again"):
                before, started = counter.count, time.perf_counter()
                rows = await _ask(store, program, program_id, clock)
                figure = Figure(time.perf_counter() - started, counter.count - before, rows)
                if slot == "first" and (first is None or figure.seconds < first.seconds):
                    first = figure
                if slot == "again" and (again is None or figure.seconds < again.seconds):
                    again = figure
        assert first is not None and again is not None
        return first, again
    finally:
        await store.close()


def _fig(f: Figure) -> str:
    return f"{f.seconds * 1000:9.1f} ms {f.statements:>3} statements {f.rows:>6,} queued"


async def sweep(url: str, label: str, sizes: list[int], repeat: int) -> None:
    program = replace(load_program(ROOT / "tandem.example.toml"),
                      coordinators=frozenset({"slack:UCOORD"}))
    for n in sizes:
        first, again = await one_size(url, n, repeat, program)
        print(f"{label} {n:,} tandems:\n  half-time tick  {_fig(first)}\n"
              f"  the next tick   {_fig(again)}")


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        await sweep(f"sqlite+aiosqlite:///{tmp}/bench.db", "SQLite", sizes, args.repeat)
    if not args.sqlite:
        url = await create_database()
        if url is not None:
            try:
                await sweep(url, "PostgreSQL", sizes, args.repeat)
            finally:
                await drop_database(url)


if __name__ == "__main__":
    asyncio.run(main())
