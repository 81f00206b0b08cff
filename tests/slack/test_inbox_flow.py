"""Work after the ack goes through the inbox: stored before the ack, done once, retried when
Slack is away, parked when it keeps failing, "busy" only when the database cannot take it."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import AbstractAsyncContextManager
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from conversations.i18n import Translator
from conversations.inbox import prune
from conversations.unavailable import busy
from storage.models import InboxItem
from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL
from tests.slack.harness import SlackBot, message_text
from tests.slack.outage import sqlite_locked


async def inbox(bot: SlackBot) -> list[InboxItem]:
    async with bot.runtime.store.unit() as repos:
        return list(await repos.session.scalars(select(InboxItem).order_by(InboxItem.id)))


def database_locked(bot: SlackBot) -> AbstractAsyncContextManager[None]:
    """Another process holds SQLite's write lock: the database cannot take an insert."""
    path = bot.runtime.store.engine.url.database
    assert path
    return sqlite_locked(path)


async def test_the_command_ack_does_not_wait_for_slack(slack_bot: SlackBot) -> None:
    slack_bot.fake.delays["users.info"] = 1.0
    started = time.monotonic()
    reply, hook = await slack_bot.command("help")
    assert reply.status == 200 and time.monotonic() - started < 0.5
    await slack_bot.ephemeral(hook)


async def test_a_command_is_stored_before_its_ack_and_its_body_deleted_when_done(
        slack_bot: SlackBot) -> None:
    slack_bot.fake.delays["users.info"] = 0.5  # the work is still running after the ack
    reply, hook = await slack_bot.command("help")
    assert reply.status == 200 and reply.text == ""
    (item,) = await inbox(slack_bot)
    assert (item.kind, item.platform, item.done_at) == ("command", "slack", None)
    assert item.body is not None and item.body["request"]["text"] == "help"
    await slack_bot.ephemeral(hook)
    await slack_bot.adapter.wait_idle()
    (item,) = await inbox(slack_bot)
    assert item.body is None and item.done_at is not None and item.failed_reason is None
    async with slack_bot.runtime.store.unit() as repos:  # SQL NULL, not the JSON text 'null'
        nulls = await repos.session.scalar(text("SELECT count(*) FROM inbox WHERE body IS NULL"))
    assert nulls == 1

    clock = slack_bot.runtime.clock
    assert await prune(slack_bot.runtime.store, clock.now() + timedelta(minutes=30)) == 0
    assert await prune(slack_bot.runtime.store, clock.now() + timedelta(minutes=61)) == 1
    assert await inbox(slack_bot) == []


async def test_when_the_database_cannot_take_the_insert_the_person_hears_busy_in_their_language(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = slack_bot
    await bot.say("help", user="UEN")  # Alex's profile (en-US) is now known
    await bot.adapter.wait_idle()
    stored = len(await inbox(bot))
    async with database_locked(bot):
        started = time.monotonic()
        reply, hook = await bot.command("status", user="UEN")
        waited = time.monotonic() - started
        event = await bot.event(payloads.dm_event("status", user="UEN", event_id="EvBusy"))
    assert reply.status == 200 and waited < 2.5  # within Slack's 3 s
    body = json.loads(reply.text)
    english = Translator("en")
    assert bot.runtime.program.language == "de"  # so English can only come from the profile
    assert body == {"response_type": "ephemeral", "text": busy(english)}
    assert "try again in a minute" in body["text"]
    assert event.status == 503  # an event is simply delivered again by Slack
    await asyncio.sleep(0.3)
    await bot.adapter.wait_idle()
    assert len(await inbox(bot)) == stored  # "busy" means nothing was taken in
    assert not bot.fake.to(RESPONSE_URL, lambda c: c.path.endswith(f"/{hook}"))
    assert [r.kind for r in caplog.records  # type: ignore[attr-defined]
            if r.getMessage() == "slack request not taken: busy"] == ["command", "message"]
    assert bot.adapter.busy_answers == 2

    # Someone the bot knows nothing about hears it in the program's language.
    async with database_locked(bot):
        reply, _ = await bot.command("status", user="UDE")
    assert json.loads(reply.text)["text"] == busy(Translator("de"))


async def test_a_reply_slack_could_not_take_is_sent_later_without_running_the_core_again(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    bot = slack_bot
    for _ in range(3):  # the request and the SDK's two retries
        bot.fake.fail_next("chat.postMessage", status=429, retry_after=0)
    await bot.event(payloads.dm_event("status", user="UEN", event_id="EvLater"))
    await bot.fake.wait_for("chat.postMessage", count=3)
    await bot.adapter.wait_idle()
    (item,) = await inbox(bot)
    assert item.done_at is None and item.attempts == 1
    assert item.body is not None and "steps" in item.body  # the replies, not the request
    retry = [r for r in caplog.records if r.getMessage() == "inbox item will be retried"]
    assert retry[0].reason == "slack unreachable: ratelimited"  # type: ignore[attr-defined]

    bot.runtime.clock.advance(timedelta(seconds=3))  # the retry is due
    await bot.adapter.wait_idle()
    (_, _, _, dm) = await bot.posted("D0DM", count=4)
    assert dm.status == 200 and "You are not signed up" in message_text(dm.body)
    (item,) = await inbox(bot)
    assert item.done_at is not None and item.body is None and item.attempts == 2
    handled = [r for r in caplog.records if r.getMessage() == "slack event"]
    assert len(handled) == 1  # the core ran once


async def test_an_item_that_keeps_failing_is_parked_and_its_body_deleted(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = slack_bot
    bot.adapter.drainer.max_attempts = 3
    for _ in range(3 * 3):  # Slack stays away: every try of every attempt is refused
        bot.fake.fail_next("chat.postMessage", status=429, retry_after=0)
    await bot.event(payloads.dm_event("status private words", user="UEN", event_id="EvGone"))
    for _ in range(3):
        await bot.adapter.wait_idle()
        bot.runtime.clock.advance(timedelta(minutes=2))
    await bot.adapter.wait_idle()
    (item,) = await inbox(bot)
    assert item.attempts == 3 and item.done_at is not None and item.body is None
    assert item.failed_reason == "slack unreachable: ratelimited"
    (failed,) = [r for r in caplog.records if r.getMessage() == "inbox item failed"]
    assert failed.levelno == logging.ERROR and failed.attempt == 3  # type: ignore[attr-defined]
    assert "private words" not in caplog.text


async def test_a_failing_slack_call_is_logged_without_payloads(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    slack_bot.fake.unreachable["D0DM"] = "channel_not_found"
    await slack_bot.event(payloads.dm_event("status", user="UEN", event_id="EvFail"))
    await slack_bot.fake.wait_for("chat.postMessage")
    await slack_bot.adapter.wait_idle()
    (failed,) = [r for r in caplog.records if r.getMessage() == "slack reply failed"]
    assert failed.slack_error == "channel_not_found"  # type: ignore[attr-defined]
    assert failed.reply == "message"  # type: ignore[attr-defined]
    (item,) = await inbox(slack_bot)
    assert item.done_at is not None and item.failed_reason is None  # Slack said no: done
