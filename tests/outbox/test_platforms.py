"""Item 9: a process claims only messages of the platforms it can send to; the others wait for
a process that can, and are never parked for it. A tick never prints a message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from adapters.console import ConsoleSender
from bot.app import build_runtime
from bot.cli import _tick
from bot.config import EXAMPLE_PROGRAM, Settings, load_settings
from bot.scheduler import tick
from conversations.clock import FakeClock
from conversations.outbox import deliver
from conversations.replies import Text, message_to_dict
from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxMessage
from tests.outbox.conftest import slack_sender
from tests.slack.fake_api import FakeSlackApi

PEOPLE = ("teams:t-anna", "slack:UEN", "console:alice", "console:bob")


def settings_for(url: str, fake: FakeSlackApi | None = None) -> Settings:
    # Teams configured (its emulator mode needs no credentials); Slack only with a fake.
    env = {"DATABASE_URL": url, "TANDEM_CONFIG": str(EXAMPLE_PROGRAM), "TEAMS_EMULATOR": "1"}
    if fake is not None:  # Slack credentials, pointed at the fake
        env.update({"SLACK_BOT_TOKEN": "xoxb-test-outbox", "SLACK_SIGNING_SECRET": "s3cr3t",
                    "SLACK_API_URL": fake.api_url})
    return load_settings(env=env, dotenv=False)


async def queue_for_everyone(url: str, clock: FakeClock) -> None:
    store = Store.from_url(url)
    await upgrade(store.engine)
    async with store.unit() as repos:
        for key in PEOPLE:
            await repos.outbox.enqueue(f"nudge:{key}", key,
                                       message_to_dict(Text(f"private note for {key}")),
                                       clock.now())
    await store.close()


async def rows(url: str) -> dict[str, OutboxMessage]:
    store = Store.from_url(url)
    async with store.session() as s:
        found = {m.person_key: m for m in await s.scalars(select(OutboxMessage))}
    await store.close()
    return found


def untouched(message: OutboxMessage) -> bool:
    return (message.sent_at is None and message.failed_at is None
            and message.failed_reason is None and message.attempts == 0)


async def test_a_console_without_teams_or_slack_leaves_their_messages_queued(
        sqlite_url: str, clock: FakeClock, fake: FakeSlackApi) -> None:
    await queue_for_everyone(sqlite_url, clock)
    screen: list[str] = []
    console = await build_runtime(settings_for(sqlite_url), clock=clock, teams=False)
    console.senders["console"] = ConsoleSender(screen.append, "alice")  # as `tandem chat`
    try:
        await tick(console)
    finally:
        await console.close()
    assert screen == ["(to console:alice) private note for console:alice"]
    after = await rows(sqlite_url)
    assert after["console:alice"].sent_at is not None
    assert untouched(after["teams:t-anna"]) and untouched(after["slack:UEN"])
    assert untouched(after["console:bob"])  # waits for Bob's own console

    # A process that can send to Slack does, later; Teams' message still waits for Teams.
    server = await build_runtime(settings_for(sqlite_url, fake), clock=clock, teams=False)
    try:
        report = await tick(server)
    finally:
        await server.close()
    assert report.delivery.sent == ["nudge:slack:UEN"]
    assert [c.body["text"] for c in fake.to("chat.postMessage")] == [
        "private note for slack:UEN"]
    assert untouched((await rows(sqlite_url))["teams:t-anna"])


async def test_a_tick_without_slack_credentials_leaves_slack_and_console_messages(
        sqlite_url: str, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    await queue_for_everyone(sqlite_url, clock)
    now = datetime(2027, 1, 20, 9, 0, tzinfo=UTC).isoformat()
    assert await _tick(settings_for(sqlite_url), now, dry_run=False) == 0  # `tandem tick`
    out = capsys.readouterr().out
    after = await rows(sqlite_url)
    assert untouched(after["slack:UEN"])  # was: parked "unreachable" for good
    assert untouched(after["console:alice"]) and untouched(after["console:bob"])
    # Teams has no stored conversation for Anna: the one platform this tick can send to.
    assert after["teams:t-anna"].failed_reason == "unreachable:no_reference"
    assert "private note" not in out and "alice" not in out and "UEN" not in out
    assert "unreachable 1" in out and "unreachable: nudge 1" in out
    assert "still queued: console 2, slack 1" in out


async def test_a_group_across_platforms_is_one_row_per_person_on_their_platform(
        store: Store, clock: FakeClock, fake: FakeSlackApi) -> None:
    async with store.unit() as repos:
        assert await repos.outbox.enqueue("intro:7", "slack:UMENTOR",
                                          message_to_dict(Text("Meet each other")), clock.now(),
                                          group_keys=["slack:UMENTOR", "teams:t-anna"])
    async with store.session() as s:
        queued = {m.dedupe_key: (m.platform, m.person_key, m.group_keys)
                  for m in await s.scalars(select(OutboxMessage))}
    assert queued == {"intro:7>slack:UMENTOR": ("slack", "slack:UMENTOR", None),
                      "intro:7>teams:t-anna": ("teams", "teams:t-anna", None)}
    report = await deliver(store, clock, {"slack": slack_sender(fake)})
    assert report.sent == ["intro:7>slack:UMENTOR"]
    async with store.unit() as repos:
        assert [m.dedupe_key for m in await repos.outbox.pending()] == ["intro:7>teams:t-anna"]
