"""What a coordinator's `evaluation` costs with many tandems, on SQLite and PostgreSQL.

    .venv/bin/python bench/evaluation.py [--sizes 100,1000,5000] [--repeat 3] [--sqlite]

Per size (1:1 tandems; a year of retros, two sessions a month, both members answering three
text questions and a score, every third mentor retro "speak freely"; a mid-program check-in
and a final evaluation with two goals each) it prints the rows, the time of
`repos.evaluation.evaluation` (best of `--repeat`) and its SQL statements, which must not
grow with the number of tandems (four). PostgreSQL is a throwaway database (bench/pgdb.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from bench.pgdb import create_database, drop_database  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Answer, Person, ProgramRow, Response, Tandem  # noqa: E402

NOW = datetime(2027, 12, 20, 9, 0, tzinfo=UTC)
CHUNK = 5_000
TEXTS = ("learned", "worked", "change")


def _responses(n: int, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    rid = 0

    def ask(tandem: int, person: int, kind: str, subject: str, role: str, day: date,
            ordinal: int, given: dict[str, Any]) -> None:
        nonlocal rid
        rid += 1
        done = rng.random() < 0.8
        responses.append(dict(id=rid, program_id=1, tandem_id=tandem, person_id=person,
                              kind=kind, subject=subject, role=role, ordinal=ordinal,
                              period=day, asked_at=NOW, completed_at=NOW if done else None,
                              version=1))
        for question, value in given.items():
            answers.append(dict(response_id=rid, question=question,
                                number=value if isinstance(value, int) else None,
                                choice=value if isinstance(value, str) else None,
                                skipped=False, answered_at=NOW, version=1))

    for t in range(1, n + 1):
        mentor, mentee = 2 * t - 1, 2 * t
        for month in range(1, 13):
            for half in (0, 1):
                day, k = date(2027, month, 5 + 14 * half), 2 * (month - 1) + half + 1
                for person, role in ((mentor, "mentor"), (mentee, "mentee")):
                    given: dict[str, Any] = {q: None for q in TEXTS}
                    given["rating"] = rng.randint(1, 5)
                    if role == "mentor" and k % 3 == 0:
                        given["freely"] = rng.randint(1, 5)
                    ask(t, person, "retro", f"session:{t}:{k}", role, day, k, given)
        for kind, day in (("mid", date(2027, 6, 30)), ("final", date(2027, 12, 15))):
            for person, role in ((mentor, "mentor"), (mentee, "mentee")):
                given = {"rating": rng.randint(1, 5),
                         "goals:0": rng.choice(("met", "partly", "not_yet")),
                         "goals:1": rng.choice(("met", "partly", "not_yet")), "change": None}
                if kind == "final":
                    given["continue"] = rng.choice(("yes", "no"))
                ask(t, person, kind, kind, role, day, 1, given)
    return responses, answers


async def seed(store: Store, n: int) -> tuple[int, int]:
    responses, answers = _responses(n, random.Random(11))
    async with store.engine.begin() as conn:
        await conn.execute(insert(ProgramRow).values(id=1, name="bench", start=date(2027, 1, 1),
                                                     months=12, created_at=NOW))
        for start in range(0, 2 * n, CHUNK):
            await conn.execute(insert(Person), [
                dict(id=i + 1, key=f"slack:U{i:07d}", platform="slack",
                     platform_user_id=f"U{i:07d}", created_at=NOW, updated_at=NOW, version=1)
                for i in range(start, min(start + CHUNK, 2 * n))])
        for start in range(0, n, CHUNK):
            await conn.execute(insert(Tandem), [
                dict(id=t + 1, program_id=1, format="one_to_one",
                     members_key=f"{2 * t + 1},{2 * t + 2}", status="active", shared_topics=[],
                     approved_by="slack:UCOORD", approved_at=NOW, goals=[], cadence_days=14,
                     session_minutes=45, version=1) for t in range(start, min(start + CHUNK, n))])
        for rows, model in ((responses, Response), (answers, Answer)):
            for start in range(0, len(rows), CHUNK):
                await conn.execute(insert(model), rows[start:start + CHUNK])
    if store.engine.dialect.name == "postgresql":
        async with store.engine.begin() as conn:
            for table in ("responses", "answers"):
                await conn.exec_driver_sql(f"ANALYZE {table}")
    return len(responses), len(answers)


async def one(url: str, n: int, repeat: int) -> tuple[int, int, float, int]:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        rows = await seed(store, n)
        statements = [0]

        def seen(*_: Any) -> None:
            statements[0] += 1

        event.listen(store.engine.sync_engine, "before_cursor_execute", seen)
        best = float("inf")
        for _ in range(repeat):
            statements[0] = 0
            started = time.perf_counter()
            async with store.unit() as repos:
                found = await repos.evaluation.evaluation(1, 3)
            best = min(best, time.perf_counter() - started)
        assert found.program.tandems == n, found.program
        return rows[0], rows[1], best, statements[0]
    finally:
        await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'db':<10} {'tandems':>8} {'responses':>10} {'answers':>9} {'seconds':>8} "
          f"{'statements':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            found = await one(f"sqlite+aiosqlite:///{tmp}/bench.db", n, args.repeat)
        print(f"{'sqlite':<10} {n:>8} {found[0]:>10} {found[1]:>9} {found[2]:>8.3f} "
              f"{found[3]:>10}")
        if args.sqlite:
            continue
        url = await create_database()
        if url is None:
            continue
        try:
            found = await one(url, n, args.repeat)
        finally:
            await drop_database(url)
        print(f"{'postgres':<10} {n:>8} {found[0]:>10} {found[1]:>9} {found[2]:>8.3f} "
              f"{found[3]:>10}")


if __name__ == "__main__":
    asyncio.run(main())
