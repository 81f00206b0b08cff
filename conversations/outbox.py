"""Delivering queued messages once each, whatever the number of replicas, ticks or slow APIs.

Each message is claimed on its own lease, sent, and marked sent (its body deleted) before the
next is claimed. The lease is longer than the longest a send may take (`SEND_TIMEOUT`), so two
senders never hold one message. A crash between send and mark can resend once after the lease
expires: the platforms have no idempotency key, and the window is one send.

A process claims only messages of the platforms it has a sender for, so a console or a cron
tick without Slack credentials leaves the other platforms' messages to the processes that can
send them. A rate limit (`RetryLater`) and other transient errors schedule the next attempt
(`next_attempt_at`) instead of sleeping in the tick; after `MAX_ATTEMPTS` a message is parked
as failed, counted in `/healthz` and listed for coordinators, who may retry it.

With a `Pacer` (the runtime's, one per process), sends are spaced below each platform's
published limits (its sender's `pace`), so a burst of nudges does not meet 429s at all.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from conversations.attachments import BadFile
from conversations.clock import Clock
from conversations.destinations import Channel, Destination, Group, Person, channel_of
from conversations.pacing import Pace, Pacer
from conversations.replies import Message, message_from_dict
from storage.db import Store
from storage.models import OutboxMessage

log = logging.getLogger("tandem.outbox")
# One send, all its calls and in-call retries included, is cut off after SEND_TIMEOUT; the
# lease outlasts it with room for marking the row, so it never runs out while we still send.
SEND_TIMEOUT = timedelta(seconds=60)
LEASE = timedelta(minutes=3)
# Transient errors wait 1, 2, 4 … 64 minutes (±50 %): about two hours, which rides out a
# platform outage, before the message is parked for a coordinator.
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
# A Retry-After is honoured within these bounds (a broken header must not park the queue).
RETRY_AFTER_MIN = timedelta(seconds=1)
RETRY_AFTER_MAX = timedelta(hours=1)
# Parked messages keep their body this long so a coordinator can retry them; then the tick
# deletes it (the row, its kind and its times stay).
PARKED_BODY_KEPT = timedelta(days=30)
# Pacing (`Pacer`): one run sleeps at most this long in all to stay under a platform's limits
# (below the scheduler's 60 s interval); what is left goes out in the next run. A message whose
# own conversation would make it wait longer than PACE_HOLD is left for a later run and the
# others go on.
PACING_BUDGET = 45.0
PACE_HOLD = 2.0


class Unreachable(Exception):
    """The person cannot be messaged on this platform (never talked to the bot, app removed).

    The message is parked at once; `reason` (or the message) is a short code for the row."""


class NotNow(Exception):
    """The person cannot be reached at the moment, but will be (a console user not at the
    terminal): the message waits without counting as a failed attempt."""


class RetryLater(Exception):
    """The platform asked us to wait (HTTP 429/503 with Retry-After): the next attempt is
    scheduled that far ahead instead of sleeping, and it does not count as a failed attempt."""

    def __init__(self, seconds: float | None, code: str = "rate_limited") -> None:
        super().__init__(code)
        self.seconds = seconds
        self.code = code


class SendFailed(Exception):
    """A transient failure with a short code for `last_error` (`slack:internal_error`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Sender(Protocol):
    """What every platform's sender does: to a person, to a group, to a channel."""

    # Whether one conversation with several people exists here (Slack group DMs); if not,
    # the outbox sends a group's message to each person alone and never calls send_group.
    groups: bool
    # Optional: the platform's limits (`pace = Pace(...)`); without it sends are not paced.

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Message) -> None: ...

    async def send_group(self, person_keys: list[str], body: Message) -> None: ...

    async def send_channel(self, channel: Channel, body: Message) -> None: ...


async def send_to(sender: Sender, to: Destination, reference: dict[str, Any] | None,
                  body: Message) -> None:
    """Send `body` to `to` (the person's stored `reference` is for a Person only)."""
    match to:
        case Person(key):
            await sender.send(key, reference, body)
        case Group(keys):
            await sender.send_group(list(keys), body)
        case Channel():
            await sender.send_channel(to, body)


@dataclass
class DeliveryReport:
    """Dedupe keys by outcome. Keys can name people: print `by_kind()`, never the keys."""

    sent: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # parked: cannot be reached
    gave_up: list[str] = field(default_factory=list)  # parked: MAX_ATTEMPTS failed
    retry_later: list[str] = field(default_factory=list)  # scheduled for a later attempt
    paced: list[str] = field(default_factory=list)  # left for a later run by pacing

    def by_kind(self) -> dict[str, Counter[str]]:
        """Outcome → kind → count, e.g. {"sent": {"intro": 2}}: safe to print or log."""
        return {name: Counter(kind_of(key) for key in keys)
                for name, keys in (("sent", self.sent), ("unreachable", self.unreachable),
                                   ("gave_up", self.gave_up),
                                   ("retry_later", self.retry_later))}


def kind_of(dedupe_key: str) -> str:
    """A message's kind is its key's first part (`intro:12` → `intro`), as the row stores."""
    return dedupe_key.split(":", 1)[0][:40]


def platform_of(person_key: str) -> str:
    return person_key.split(":", 1)[0]


def backoff(attempt: int, jitter: float) -> timedelta:
    """The wait after failed attempt `attempt` (1, 2, …); `jitter` in [0, 1) spreads ±50 %."""
    wait: timedelta = min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_CAP)
    return wait * (0.5 + jitter)


def retry_after(seconds: float | None, attempt: int, jitter: float) -> timedelta:
    if seconds is None:
        return backoff(attempt, jitter)
    return min(max(timedelta(seconds=seconds), RETRY_AFTER_MIN), RETRY_AFTER_MAX)


def error_code(exc: BaseException) -> str:
    """A short code for the row and the log: never a message's or an API answer's content."""
    code = getattr(exc, "code", None) if isinstance(exc, SendFailed | RetryLater) else None
    return (code or type(exc).__name__)[:100]


def unreachable_code(exc: Unreachable) -> str:
    reason = getattr(exc, "reason", None)  # the Teams sender's short code
    return str(reason or exc or "unreachable")[:100]


async def deliver(store: Store, clock: Clock, senders: Mapping[str, Sender],
                  dry_run: bool = False,
                  jitter: Callable[[], float] = random.random,
                  pacer: Pacer | None = None) -> DeliveryReport:
    """Send what is due on the platforms in `senders`, one message at a time; each message at
    most once per run. Returns at once when a platform asks to wait (the rest of that
    platform's messages stay queued for a later run). With a `pacer`, sends to a platform
    whose sender declares its `pace` are spaced below its limits (the pacer's sleep)."""
    report = DeliveryReport()
    platforms = sorted(senders)
    if dry_run:
        async with store.unit() as repos:
            report.retry_later = [m.dedupe_key for m in await repos.outbox.pending(platforms)]
        return report
    # Per platform, the last id this run looked at: a message given back (NotNow) or
    # rescheduled is behind it, so each is tried at most once per run.
    after = {platform: 0 for platform in platforms}
    paces = _paces(senders) if pacer is not None else {}
    slept = 0.0  # pacing, in this run
    while after:
        waits: dict[str, float] = {}
        for platform in list(after):
            pace = paces.get(platform)
            if pacer is not None and pace is not None:
                if (wait := pacer.platform_wait(platform, pace)) > 0:
                    waits[platform] = wait
                    continue
            async with store.unit() as repos:
                message = await repos.outbox.claim_next(platform, clock.now(), LEASE,
                                                        after=after[platform])
                reference = (await repos.addresses.reference(message.person_key)
                             if message is not None else None)
            if message is None:
                del after[platform]
                continue
            after[platform] = message.id
            if pacer is not None and pace is not None:
                conversation = conversation_of(message)
                wait = pacer.conversation_wait(platform, conversation, pace)
                if wait > PACE_HOLD or slept + wait > PACING_BUDGET:
                    async with store.unit() as repos:
                        await repos.outbox.release(message.id)
                    report.paced.append(message.dedupe_key)
                    continue
                if wait > 0:
                    await pacer.sleep(wait)
                    slept += wait
                pacer.take(platform, conversation, pace)
            if not await _deliver_one(store, clock, senders, message, reference, report,
                                      jitter):
                del after[platform]  # the platform asked us to wait: not this run
        if pacer is not None and waits and len(waits) == len(after):
            wait = min(waits.values())  # every platform left is at its limit
            if slept + wait > PACING_BUDGET:
                break
            await pacer.sleep(wait)
            slept += wait
    return report


def _paces(senders: Mapping[str, Sender]) -> dict[str, Pace]:
    found = {name: getattr(sender, "pace", None) for name, sender in senders.items()}
    return {name: pace for name, pace in found.items() if isinstance(pace, Pace)}


def conversation_of(message: OutboxMessage) -> str:
    """Which conversation a message goes to, for pacing: a person's DM or a group's."""
    return ",".join(sorted(message.group_keys)) if message.group_keys else message.person_key


async def _deliver_one(store: Store, clock: Clock, senders: Mapping[str, Sender],
                       message: OutboxMessage, reference: dict[str, Any] | None,
                       report: DeliveryReport, jitter: Callable[[], float]) -> bool:
    """Send one claimed message and record the outcome; False if its platform said wait."""
    key, group = message.dedupe_key, message.group_keys or []
    where = {"message_id": message.id, "kind": message.kind, "platform": message.platform}
    if message.body is None:  # nothing left to send (cannot happen for a claimable row)
        async with store.unit() as repos:
            await repos.outbox.park(message.id, clock.now(), "no_body")
        return True
    sender = senders[message.platform]
    if group and not _one_platform_group_sender(group, senders):
        await _split(store, clock, message, group)
        return True
    try:
        body = message_from_dict(message.body)
        async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
            to: Destination = (Group(tuple(group)) if group else
                               channel_of(message.person_key, reference)
                               or Person(message.person_key))
            await send_to(sender, to, reference, body)
    except NotNow:
        async with store.unit() as repos:
            await repos.outbox.release(message.id)
        return True
    except BadFile:  # a queued file that cannot be read back will not get better
        async with store.unit() as repos:
            await repos.outbox.park(message.id, clock.now(), "bad_file")
        report.gave_up.append(key)
        log.error("outbox file unreadable", extra=where)
        return True
    except Unreachable as exc:
        if group:  # one cannot join a group conversation: the others still get it alone
            await _split(store, clock, message, group)
            return True
        code = unreachable_code(exc)
        async with store.unit() as repos:
            await repos.outbox.park(message.id, clock.now(), f"unreachable:{code}")
        report.unreachable.append(key)
        log.warning("outbox unreachable", extra={**where, "reason": code})
        return True
    except RetryLater as exc:
        wait = retry_after(exc.seconds, message.attempts, jitter())
        async with store.unit() as repos:
            await repos.outbox.reschedule(message.id, clock.now() + wait, exc.code,
                                          counts=False)
        report.retry_later.append(key)
        log.warning("outbox platform asks to wait", extra={
            **where, "error": exc.code, "wait_s": round(wait.total_seconds(), 1)})
        return False
    except Exception as exc:
        code = error_code(exc)
        async with store.unit() as repos:
            if message.attempts >= MAX_ATTEMPTS:
                await repos.outbox.park(message.id, clock.now(), f"gave_up:{code}")
                report.gave_up.append(key)
                log.error("outbox message parked after its last attempt",
                          extra={**where, "error": code, "attempts": message.attempts})
                return True
            wait = backoff(message.attempts, jitter())
            await repos.outbox.reschedule(message.id, clock.now() + wait, code, counts=True)
        report.retry_later.append(key)
        log.warning("outbox send failed; retrying later", extra={
            **where, "error": code, "attempts": message.attempts,
            "wait_s": round(wait.total_seconds(), 1)})
        return True
    async with store.unit() as repos:
        await repos.outbox.mark_sent(message.id, clock.now())
    report.sent.append(key)
    return True


def _one_platform_group_sender(keys: list[str], senders: Mapping[str, Sender]) -> bool:
    platforms = {platform_of(k) for k in keys}
    if len(platforms) != 1:
        return False
    sender = senders.get(platforms.pop())
    return sender is not None and sender.groups


async def _split(store: Store, clock: Clock, message: OutboxMessage, keys: list[str]) -> None:
    """No group conversation possible: the same message to each person, each exactly once,
    on each person's own platform (`enqueue` takes it from the key)."""
    assert message.body is not None
    async with store.unit() as repos:
        for key in dict.fromkeys(keys):
            await repos.outbox.enqueue(f"{message.dedupe_key}>{key}", key, message.body,
                                       clock.now())
        await repos.outbox.mark_sent(message.id, clock.now())
