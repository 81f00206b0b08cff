"""`tandem serve --slack-workers N`: worker processes drain the inbox from the database at idle
CPU priority, and one that dies is started again (what it held comes back with its lease).

These start real `python -m bot.slack_worker` processes (a few seconds each to import), so
they are few and check several things at once. Work lost to a kill: test_crash_restart.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.config import Secret, load_settings
from bot.slack_worker import NICENESS, SlackWorkerPool, settings_from_dict, settings_to_dict
from conversations.clock import FakeClock
from tests.slack import payloads
from tests.slack.harness import SlackBot, message_text, running_bot

STARTUP = 30.0  # the first answer waits for the worker's imports; generous on a busy machine


@pytest.fixture
async def bot_with_worker(sqlite_url: str, clock: FakeClock) -> AsyncIterator[SlackBot]:
    async with running_bot(sqlite_url, clock, slack_workers=1) as bot:
        yield bot


def pool(bot: SlackBot) -> SlackWorkerPool:
    assert bot.runtime.slack_workers is not None
    return bot.runtime.slack_workers


async def test_a_worker_answers_at_idle_priority_and_comes_back_after_dying(
        bot_with_worker: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = bot_with_worker
    caplog.set_level(logging.INFO)
    reply, hook = await bot.command("help")
    assert reply.status == 200 and reply.text == ""
    (answer,) = await bot.fake.wait_for("response_url", within=STARTUP,
                                        where=lambda c: c.path.endswith(f"/{hook}"))
    assert "`/tandem join`" in message_text(answer.body)
    await bot.event(payloads.dm_event("status", user="UEN", event_id="EvWorker"))
    (dm,) = await bot.posted("D0DM", within=STARTUP)
    assert "You are not signed up" in message_text(dm.body)

    (pid,) = pool(bot).pids()
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(
        19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    if hasattr(os, "SCHED_IDLE"):  # Linux: runs only on CPU the server leaves idle
        assert os.sched_getscheduler(pid) == os.SCHED_IDLE

    os.kill(pid, signal.SIGKILL)
    for _ in range(int(STARTUP / 0.05)):
        if pool(bot).pids() and pool(bot).pids() != [pid]:
            break
        await asyncio.sleep(0.05)
    (died,) = [r for r in caplog.records if r.getMessage().startswith("slack worker died")]
    assert died.levelno == logging.ERROR
    assert died.returncode == -signal.SIGKILL  # type: ignore[attr-defined]
    assert pool(bot).restarts == 1 and pool(bot).pids() != [pid]
    health_url = bot.url.replace("/slack/events", "/healthz")
    async with bot.session.get(health_url) as response:
        assert (await response.json())["slack_workers"] == {
            "running": 1, "wanted": 1, "restarts": 1}
    _, hook = await bot.command("status")
    (answer,) = await bot.fake.wait_for("response_url", within=STARTUP,
                                        where=lambda c: c.path.endswith(f"/{hook}"))
    assert "You are not signed up" in message_text(answer.body)

    # Closing the runtime closes the worker's stdin: it finishes and exits cleanly.
    worker = pool(bot).workers[0]
    await pool(bot).close()
    assert worker.process is not None and worker.process.returncode == 0


def test_settings_cross_the_pipe_whole(tmp_path: Path) -> None:
    settings = load_settings(env={"DATABASE_URL": "sqlite+aiosqlite:///x.db",
                                  "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                  "TANDEM_INBOX_LEASE_SECONDS": "7",
                                  "TANDEM_CONFIG": str(tmp_path / "t.toml")}, dotenv=False)
    back = settings_from_dict(json.loads(json.dumps(settings_to_dict(settings))))
    assert isinstance(back.slack_bot_token, Secret)
    assert back.slack_bot_token.reveal() == "xoxb-1"
    assert back.program_path == tmp_path / "t.toml" and back.slack_api_url is None
    assert back.inbox_lease_seconds == 7.0
    assert {k: repr(v) for k, v in vars(back).items()} == {
        k: repr(v) for k, v in vars(settings).items()}


def test_serve_runs_one_worker_unless_told_otherwise() -> None:
    assert build_parser().parse_args(["serve"]).slack_workers == 1
    assert build_parser().parse_args(["serve", "--slack-workers", "0"]).slack_workers == 0
