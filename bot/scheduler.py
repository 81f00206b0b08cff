"""Due work, delivery and forgetting, once (`tandem tick`) or every minute while serving.

The due work lives in our own tables (outbox with dedupe keys), so any number of replicas or
ticks can run this: each message is claimed by exactly one of them.

While serving, APScheduler 3 is only the local ticker: one interval job in a memory job
store. Its job stores cannot be shared between processes (two schedulers on one SQLAlchemy
store ran a one-shot job twice), and need not be: what is due is read from our tables on
every tick, so a restart or a second replica loses or doubles nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import Runtime
from conversations.commands import ASK_EXPIRES, ASKING
from conversations.due import DueReport, run_due_work
from conversations.flows.quiet import program_today
from conversations.inbox import KEEP_DONE as INBOX_KEPT
from conversations.outbox import (
    PARKED_BODY_KEPT,
    DeliveryReport,
    deliver,
    kind_of,
    platform_of,
)
from conversations.program import Program
from conversations.working_time import next_working_moment, working_time_of
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
    free_texts: int = 0  # free-text answers past `[privacy] retention_days` after the end
    sent_messages: int = 0  # rows of sent messages, once the program's end + retention passed


def retention_cutoffs(program: Program, now: datetime) -> dict[str, Any]:
    """What `[privacy] retention_days` and the short windows mean today (storage's `purge`).

    Free-text answers go once the program ended `retention_days` ago (in the program's own
    zone). A sent message's row (its body went when it was sent) is what stops due work
    sending the same nudge, escalation or reminder twice (its dedupe key), so it is needed
    as long as due work runs: no sent row goes before the program's end plus
    `retention_days` (as for free text); from then on, rows sent more than `retention_days`
    ago. (`now - retention_days` alone would let a 30-day retention delete a stalled
    kick-off's nudge on day 31 and queue it again.) Delivery ids and done inbox items go
    after their retry windows (an hour).
    """
    expired = program_today(program, now) > texts_kept_until(program)
    days = timedelta(days=program.retention_days)
    return {"texts_expired": expired, "sent_before": now - days if expired else None,
            "events_before": now - PROCESSED_EVENTS_KEPT, "inbox_before": now - INBOX_KEPT}


def texts_kept_until(program: Program) -> date:
    return program.end + timedelta(days=program.retention_days)


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


async def forget_old(store: Store, now: datetime, program: Program, program_id: int
                     ) -> Forgotten:
    """What must not be kept: delivery ids past the retry window, bodies of long-parked
    messages (after PARKED_BODY_KEPT a coordinator can no longer retry them), and what
    `[privacy] retention_days` ends (the same purge as `tandem purge`)."""
    async with store.unit() as repos:
        # Done inbox items too: each drainer prunes them, but a replica may run without Slack.
        purged = await repos.personal.purge(program_id=program_id,
                                            **retention_cutoffs(program, now))
        forgotten = Forgotten(
            processed_events=purged.processed_events,
            parked_bodies=await repos.outbox.forget_parked_before(now - PARKED_BODY_KEPT),
            inbox_items=purged.done_inbox_items, free_texts=purged.free_text_answers,
            sent_messages=purged.sent_messages)
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
        report.forgotten = await forget_old(runtime.store, runtime.clock.now(),
                                            runtime.program, runtime.core.program_id)
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
                            "forgotten_free_texts": report.forgotten.free_texts,
                            "forgotten_sent": report.forgotten.sent_messages,
                            "dry_run": dry_run})
    return report


async def plan(runtime: Runtime, due: DueReport) -> DryRun:
    """A dry run's listing: the messages the due work would queue, then every queued one by
    what this process would do with it (send now, leave to another process, retry later)."""
    now = runtime.clock.now()
    listing = DryRun()
    senders = set(runtime.senders)
    async with runtime.store.unit() as repos:
        for key, person in due.would_queue:
            listing.queue.append((kind_of(key), (person,)))
            # Due work is sent on the bot's own account: it would wait for working time.
            when = working_time_of(await repos.people.by_key(person), runtime.program)
            _place(listing, platform_of(person), (kind_of(key), (person,)), senders,
                   due_now=next_working_moment(now, when) <= now)
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


TICK_JOB = "tick"


def ticker(runtime: Runtime, interval: float = INTERVAL_SECONDS,
           job: Callable[[Runtime], Awaitable[object]] = tick) -> AsyncIOScheduler:
    """An AsyncIOScheduler (not started) with one job: `job(runtime)` every `interval` s.

    `max_instances=1`: a tick still running when the next is due makes that one skip, so
    ticks never overlap. `coalesce=True`: runs missed while the loop was busy (or the machine
    slept) become one. A run up to one interval late still runs (`misfire_grace_time`); later
    than that it is dropped and the next one comes on time. The first tick runs at start."""
    scheduler = AsyncIOScheduler(jobstores={"default": MemoryJobStore()},
                                 executors={"default": AsyncIOExecutor()}, timezone=UTC)

    async def run() -> None:
        try:
            await job(runtime)
        except Exception:
            log.exception("tick failed; trying again next interval")

    scheduler.add_job(run, IntervalTrigger(seconds=interval, timezone=UTC), id=TICK_JOB,
                      name="tandem tick", coalesce=True, max_instances=1,
                      misfire_grace_time=max(1, round(interval)),
                      # The ticker runs on the wall clock (the tick itself reads
                      # runtime.clock): start at once, as `tandem serve` always did.
                      next_run_time=datetime.now(UTC))
    return scheduler


async def run_forever(runtime: Runtime, interval: float = INTERVAL_SECONDS) -> None:
    """`tandem serve`'s ticker, until cancelled."""
    scheduler = ticker(runtime, interval)
    scheduler.start()
    log.info("ticker started", extra={"interval_seconds": interval})
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)
