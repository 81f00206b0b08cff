"""The tick's set-based due work: queueing thousands at once stays a statement or two and
within the drivers' parameter limits; the sweep benchmark runs (tiny, in-process)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

from bench.nudge_sweep import sweep
from conversations.replies import Text, message_to_dict
from storage.db import Store
from storage.repositories import Queued

NOW = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)


async def test_enqueue_many_queues_thousands_in_one_statement(db_url: str) -> None:
    """9 parameters a row: 3,000 rows are 27,000, under the drivers' limit of 32,766; above
    it SQLAlchemy splits the insert instead of the driver refusing it."""
    from storage.migrate import upgrade

    store = Store.from_url(db_url)
    await upgrade(store.engine)
    seen: list[str] = []
    event.listen(store.engine.sync_engine, "before_cursor_execute",
                 lambda *args: seen.append(str(args[2])[:6]))
    body = message_to_dict(Text("Did you meet?"))
    try:
        async with store.unit() as repos:
            seen.clear()
            added = await repos.outbox.enqueue_many(
                [Queued(f"checkin:{i}", f"slack:U{i}", body) for i in range(3_000)], NOW)
            assert added == 3_000 and seen == ["INSERT"]
        async with store.unit() as repos:  # 5,000 more, 3,000 of them new: those are added
            added = await repos.outbox.enqueue_many(
                [Queued(f"checkin:{i}", f"slack:U{i}", body) for i in range(1_000, 6_000)],
                NOW)
            assert added == 3_000
            assert (await repos.outbox.counts()).pending == 6_000
    finally:
        await store.close()


async def test_the_sweep_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    lines: list[str] = []
    took = time.monotonic()
    results = await sweep(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}", "SQLite", [60, 120],
                          1, out=lines.append)
    assert time.monotonic() - took < 10
    assert [r["tandems"] for r in results] == [60, 120]
    assert all(r["due"] > 0 and r["light"].rows == r["ours"].rows == r["floor"].rows
               for r in results)
    # The set-based path costs the same statements at both sizes.
    assert results[0]["light"].statements == results[1]["light"].statements == 2
    assert "floor" in lines[0]
