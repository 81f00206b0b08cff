"""Refused requests: one short line each (why, how big, never the body), and a flood is counted,
not written out: an unauthenticated client must not be able to fill the disk with the log."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.teams.refusals import RefusalLog
from bot.logs import JsonFormatter
from tests.teams.harness import ANNA, TeamsBot

SECRET = "my divorce xq7 "


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Everything any logger writes, formatted as `tandem serve` writes it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root, access = logging.getLogger(), logging.getLogger("aiohttp.access")
    levels = root.level, access.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    access.setLevel(logging.WARNING)  # `tandem serve` has no access log (bot/logs.py, cli.py)
    yield out
    root.removeHandler(handler)
    root.setLevel(levels[0])
    access.setLevel(levels[1])


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def refused_requests(bot: TeamsBot) -> list[tuple[bytes, str]]:
    """(body, content type) of requests refused for different reasons, each carrying text."""
    filler = SECRET * 500  # 7.5 KB
    foreign = bot.message(ANNA, filler, serviceUrl="http://127.0.0.1:6379/")
    other_tenant = bot.message(ANNA, filler, channelData={"tenant": {"id": "t-evil"}})
    other_tenant["conversation"]["tenantId"] = "t-evil"
    bodies: list[tuple[Any, str]] = [
        (filler, "application/json"),  # not JSON
        (filler, "text/plain"),  # not JSON, says so
        ([filler], "application/json"),  # not an activity
        ({"type": "message", "text": filler}, "application/json"),  # malformed
        (foreign, "application/json"),
        (other_tenant, "application/json"),
    ]
    return [(b.encode() if isinstance(b, str) else json.dumps(b).encode(), ct)
            for b, ct in bodies]


async def test_a_flood_of_refused_requests_writes_a_few_short_lines(
        teams_bot: TeamsBot, log_output: io.StringIO) -> None:
    assert teams_bot.runtime.teams is not None
    clock = Clock()
    refusals = RefusalLog(logging.getLogger("tandem.teams"), "teams", burst=20, interval=60.0,
                          clock=clock)
    teams_bot.runtime.teams.refusals = refusals
    # Only this tenant is served, so the foreign tenant is refused too.
    teams_bot.runtime.teams.gate = type(teams_bot.runtime.teams.gate)(
        teams_bot.runtime.teams.gate.service_urls, type(teams_bot.runtime.teams.gate.tenants)(
            frozenset({"tenant-0001"})))
    kinds = refused_requests(teams_bot)
    flood = 600
    sent = 0
    for n in range(flood):
        body, content_type = kinds[n % len(kinds)]
        response = await teams_bot.client.post("/api/messages", data=body,
                                               headers={"Content-Type": content_type})
        assert response.status in (400, 401, 415)
        sent += len(body)
    big = await teams_bot.client.post("/api/messages", data=b"x" * (2 * 1024 * 1024),
                                      headers={"Content-Type": "application/json"})
    assert big.status == 413
    clock.now = 61.0
    refusals.flush()  # what the interval's timer does at its end

    text = log_output.getvalue()
    lines = text.splitlines()
    assert SECRET.strip() not in text and "t-evil" not in text and "6379" not in text
    assert "Traceback" not in text
    one_by_one = [json.loads(line) for line in lines if '"teams request refused"' in line]
    [summary] = [json.loads(line) for line in lines if "not logged one by one" in line]
    assert len(one_by_one) == 20 and len(lines) == 21
    assert all(len(line.encode()) < 1024 for line in lines)
    assert {line["reason"] for line in one_by_one} == {
        "not_json", "not_an_activity", "malformed", "service_url_not_allowed",
        "tenant_not_allowed"}
    assert {"size", "status", "reason"} <= set(one_by_one[0])
    assert summary["count"] == flood + 1 - 20
    assert sum(summary["reasons"].values()) == summary["count"]
    assert summary["reasons"]["too_large"] == 1
    total = len(text.encode())
    print(f"\n{flood + 1} refused requests ({sent // 1024} KB of bodies): {len(lines)} log lines, "
          f"{total} bytes, {total / (flood + 1):.1f} bytes per request; one line "
          f"{len(lines[0].encode())} bytes")


def test_the_next_interval_logs_again_after_the_summary() -> None:
    out = io.StringIO()
    logger = logging.getLogger("tests.refusals")
    logger.propagate = False
    handler = logging.StreamHandler(out)
    logger.addHandler(handler)
    clock = Clock()
    refusals = RefusalLog(logger, "teams", burst=2, interval=10.0, clock=clock)
    for _ in range(5):
        refusals.refused("not_json", status=400, size=3)
    clock.now = 10.0
    refusals.refused("malformed", status=400, size=3)
    logger.removeHandler(handler)
    assert out.getvalue().splitlines() == [
        "teams request refused", "teams request refused",
        "teams requests refused, not logged one by one", "teams request refused"]
