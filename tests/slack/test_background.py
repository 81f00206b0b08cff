"""Work after the ack: bounded, failure-tolerant, and never in the way of the ack."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from adapters.slack.background import BackgroundWork
from conversations.flows.wording import try_again
from conversations.i18n import Translator
from tests.slack import payloads
from tests.slack.harness import SlackBot


async def test_jobs_run_in_order_and_a_failure_does_not_stop_the_worker(
        caplog: pytest.LogCaptureFixture) -> None:
    work = BackgroundWork(workers=1, max_pending=10)
    done: list[int] = []

    async def ok(n: int) -> None:
        done.append(n)

    async def broken() -> None:
        raise ValueError("bug")

    assert work.submit("one", lambda: ok(1))
    assert work.submit("broken", broken)
    assert work.submit("two", lambda: ok(2))
    await work.wait_idle()
    assert done == [1, 2]
    (crash,) = [r for r in caplog.records if r.getMessage() == "slack job crashed"]
    assert crash.job == "broken"  # type: ignore[attr-defined]
    await work.close()
    assert not work.submit("late", lambda: ok(3))


async def test_a_full_queue_refuses_and_close_cancels_what_is_stuck(
        caplog: pytest.LogCaptureFixture) -> None:
    work = BackgroundWork(workers=1, max_pending=1)
    release = asyncio.Event()
    assert work.submit("stuck", release.wait)
    await asyncio.sleep(0)  # the worker takes it, the queue is empty again
    assert work.submit("waiting", release.wait)
    for _ in range(150):
        assert not work.submit("one too many", release.wait)
    full = [r.refused for r in caplog.records  # type: ignore[attr-defined]
            if r.getMessage() == "slack work queue full"]
    assert full == [1, 100]  # counted, not one line per refusal
    started = time.monotonic()
    await work.close(grace=0.05)
    assert time.monotonic() - started < 1


async def test_the_command_ack_does_not_wait_for_slack(slack_bot: SlackBot) -> None:
    slack_bot.fake.delays["users.info"] = 1.0
    started = time.monotonic()
    reply, hook = await slack_bot.command("help")
    assert reply.status == 200 and time.monotonic() - started < 0.5
    await slack_bot.ephemeral(hook)


async def test_when_the_queue_is_full_commands_hear_busy_and_events_come_back_later(
        slack_bot: SlackBot) -> None:
    slack_bot.adapter.work = BackgroundWork(workers=1, max_pending=1)
    slack_bot.fake.delays["users.info"] = 0.5  # keeps the one worker busy
    await slack_bot.command("help", user="UDE")
    await asyncio.sleep(0.05)
    await slack_bot.command("help", user="UEN")  # waits in the queue
    busy, _ = await slack_bot.command("status", user="UEN")
    assert busy.status == 200
    body = json.loads(busy.text)
    # UEN's profile is not known yet, so the answer is in the program's language.
    t = Translator(slack_bot.runtime.program.language)
    assert body == {"response_type": "ephemeral", "text": try_again(t)}
    event = await slack_bot.event(payloads.dm_event("status", user="UEN", event_id="EvBusy"))
    assert event.status == 503  # Slack retries it
    await slack_bot.adapter.wait_idle()


async def test_a_failing_slack_call_is_logged_without_payloads(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    slack_bot.fake.unreachable["D0DM"] = "channel_not_found"
    await slack_bot.event(payloads.dm_event("status", user="UEN", event_id="EvFail"))
    await slack_bot.fake.wait_for("chat.postMessage")
    await slack_bot.adapter.wait_idle()
    (failed,) = [r for r in caplog.records if r.getMessage() == "slack reply failed"]
    assert failed.slack_error == "channel_not_found"  # type: ignore[attr-defined]
    assert failed.reply == "Text"  # type: ignore[attr-defined]
