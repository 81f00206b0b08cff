"""Due work, delivery and forgetting, once (`tandem tick`) or every minute while serving.

The due work lives in our own tables (outbox with dedupe keys), so any number of replicas or
ticks can run this: each message is claimed by exactly one of them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app import Runtime
from conversations.commands import ASK_EXPIRES, ASKING
from conversations.due import DueReport, run_due_work
from conversations.inbox import KEEP_DONE as INBOX_KEPT
from conversations.outbox import (
    PARKED_BODY_KEPT,
    DeliveryReport,
    deliver,
    kind_of,
    platform_of,
)
from storage.db import Store

log = logging.getLogger("tandem.scheduler")
INTERVAL_SECONDS = 60.0
# Delivery ids are only needed while a platform may deliver the same thing again: Slack
# retries for about 5 minutes (at once, after 1 and after 5 minutes) and refuses signed
# requests older than 5 minutes; an hour is well past both, and past Teams' retries.
PROCESSED_EVENTS_KEPT = timedelta(hours=1)


@dataclass
class Forgotten:
    processed_events: int = 0
    parked_bodies: int = 0
    inbox_items: int = 0
    questions: int = 0  # open questions past their expiry


# (kind, recipients): what a dry run lists. Person keys name people but say nothing private;
# a message's content is never listed.
Listed = tuple[str, tuple[str, ...]]


@dataclass
class DryRun:
    """What a tick would do now, changing nothing."""

    queue: list[Listed] = field(default_factory=list)  # new messages the due work would queue
    send: list[Listed] = field(default_factory=list)  # due messages this process would send
    wait: dict[str, list[Listed]] = field(default_factory=dict)  # platform → left to others
    later: list[Listed] = field(default_factory=list)  # scheduled for a later attempt


@dataclass
class TickReport:
    due: DueReport
    delivery: DeliveryReport
    forgotten: Forgotten = field(default_factory=Forgotten)
    waiting: dict[str, int] = field(default_factory=dict)  # platform → messages still queued
    dry_run: DryRun | None = None


async def forget_old(store: Store, now: datetime) -> Forgotten:
    """What must not be kept: delivery ids past the retry window, bodies of long-parked
    messages (after PARKED_BODY_KEPT a coordinator can no longer retry them)."""
    async with store.unit() as repos:
        forgotten = Forgotten(
            processed_events=await repos.events.forget_before(now - PROCESSED_EVENTS_KEPT),
            parked_bodies=await repos.outbox.forget_parked_before(now - PARKED_BODY_KEPT),
        )
        # Done inbox items too: each drainer prunes them, but a replica may run without Slack.
        forgotten.inbox_items = await repos.inbox.prune(now - INBOX_KEPT)
        forgotten.questions = await repos.states.forget_waiting_before(ASKING, now - ASK_EXPIRES)
    return forgotten


async def tick(runtime: Runtime, dry_run: bool = False) -> TickReport:
    assert runtime.core.program_id is not None
    due = await run_due_work(runtime.store, runtime.program, runtime.core.program_id,
                             runtime.clock, dry_run=dry_run)
    delivery = await deliver(runtime.store, runtime.clock, runtime.senders, dry_run=dry_run,
                             pacer=runtime.pacer)
    report = TickReport(due, delivery)
    if dry_run:
        report.dry_run = await plan(runtime, due)
    else:
        report.forgotten = await forget_old(runtime.store, runtime.clock.now())
    async with runtime.store.unit() as repos:
        report.waiting = await repos.outbox.pending_by_platform()
    # Counts and kinds only: dedupe keys can name people, bodies are private.
    log.info("tick", extra={"resumed": len(due.resumed), "sent": len(delivery.sent),
                            "unreachable": len(delivery.unreachable),
                            "gave_up": len(delivery.gave_up),
                            "retry_later": len(delivery.retry_later),
                            "waiting": report.waiting,
                            "forgotten_events": report.forgotten.processed_events,
                            "forgotten_bodies": report.forgotten.parked_bodies,
                            "forgotten_questions": report.forgotten.questions,
                            "dry_run": dry_run})
    return report


async def plan(runtime: Runtime, due: DueReport) -> DryRun:
    """A dry run's listing: the messages the due work would queue, then every queued one by
    what this process would do with it (send now, leave to another process, retry later)."""
    now = runtime.clock.now()
    listing = DryRun()
    senders = set(runtime.senders)
    for key, person in due.would_queue:
        listing.queue.append((kind_of(key), (person,)))
        _place(listing, platform_of(person), (kind_of(key), (person,)), senders, due_now=True)
    async with runtime.store.unit() as repos:
        pending = await repos.outbox.pending()
    for message in pending:
        item = (message.kind, tuple(message.group_keys or [message.person_key]))
        due_now = ((message.next_attempt_at is None or message.next_attempt_at <= now)
                   and (message.lease_until is None or message.lease_until < now))
        _place(listing, message.platform, item, senders, due_now)
    return listing


def _place(listing: DryRun, platform: str, item: Listed, senders: set[str],
           due_now: bool) -> None:
    if platform not in senders:
        listing.wait.setdefault(platform, []).append(item)
    elif due_now:
        listing.send.append(item)
    else:
        listing.later.append(item)


async def run_forever(runtime: Runtime, interval: float = INTERVAL_SECONDS) -> None:
    while True:
        try:
            await tick(runtime)
        except Exception:
            log.exception("tick failed; trying again next interval")
        await asyncio.sleep(interval)
