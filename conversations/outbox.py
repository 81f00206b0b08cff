"""Delivering queued messages exactly once per sender, whatever the number of replicas or ticks.

A message is claimed with a lease, sent, then marked sent. A crash between send and mark can
resend once after the lease expires (the platforms have no idempotency key); the window is small.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from conversations.clock import Clock
from conversations.replies import Card, Text, message_from_dict
from storage.db import Store

log = logging.getLogger("tandem.outbox")
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5


class Unreachable(Exception):
    """The person cannot be messaged on this platform (never talked to the bot, app removed)."""


class NotNow(Exception):
    """The person cannot be reached at the moment, but will be (a console user not at the
    terminal): the message waits without counting as a failed attempt."""


class Sender(Protocol):
    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Text | Card) -> None: ...


class GroupSender(Protocol):
    """A platform that can open one conversation with several people (Slack group DMs)."""

    async def send_group(self, person_keys: list[str], body: Text | Card) -> None: ...


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    retry_later: list[str] = field(default_factory=list)


async def deliver(store: Store, clock: Clock, senders: Mapping[str, Sender],
                  dry_run: bool = False) -> DeliveryReport:
    report = DeliveryReport()
    if dry_run:
        async with store.unit() as repos:
            report.retry_later = [m.dedupe_key for m in await repos.outbox.pending()]
        return report
    waiting: set[int] = set()  # given back this run (NotNow): not claimed again in it
    while True:
        async with store.unit() as repos:
            batch = await repos.outbox.claim(clock.now(), LEASE, skip=frozenset(waiting))
        if not batch:
            return report
        for message in batch:
            if message.body is None:  # delivered already (a body is deleted once sent)
                continue
            platform = message.person_key.split(":", 1)[0]
            sender = senders.get(platform)
            group = message.group_keys or []
            if group and not _one_platform_group_sender(group, senders):
                await _split(store, clock, message.id, message.dedupe_key, group, message.body)
                continue
            async with store.unit() as repos:
                reference = await repos.addresses.reference(message.person_key)
            try:
                if sender is None:
                    raise Unreachable(f"no {platform} connection configured")
                if group:
                    await sender.send_group(group, message_from_dict(message.body))  # type: ignore[attr-defined]
                else:
                    await sender.send(message.person_key, reference,
                                      message_from_dict(message.body))
            except NotNow:
                async with store.unit() as repos:
                    await repos.outbox.release(message.id)
                waiting.add(message.id)
                continue
            except Unreachable as exc:
                if group:  # one cannot join a group conversation: the others still get it alone
                    await _split(store, clock, message.id, message.dedupe_key, group,
                                 message.body)
                    continue
                async with store.unit() as repos:
                    await repos.outbox.mark_failed(message.id, f"unreachable: {exc}")
                report.unreachable.append(message.dedupe_key)
                log.warning("outbox unreachable", extra={"dedupe_key": message.dedupe_key,
                                                         "platform": platform})
                continue
            except Exception as exc:
                if message.attempts >= MAX_ATTEMPTS:
                    async with store.unit() as repos:
                        await repos.outbox.mark_failed(message.id, type(exc).__name__)
                report.retry_later.append(message.dedupe_key)
                log.warning("outbox send failed", extra={"dedupe_key": message.dedupe_key,
                                                         "platform": platform,
                                                         "error": type(exc).__name__})
                continue
            async with store.unit() as repos:
                await repos.outbox.mark_sent(message.id, clock.now())
            report.sent.append(message.dedupe_key)
        if report.retry_later:
            return report  # leases keep the failed ones until a later run


def _one_platform_group_sender(keys: list[str], senders: Mapping[str, Sender]) -> bool:
    platforms = {k.split(":", 1)[0] for k in keys}
    if len(platforms) != 1:
        return False
    return hasattr(senders.get(platforms.pop()), "send_group")


async def _split(store: Store, clock: Clock, message_id: int, dedupe_key: str, keys: list[str],
                 body: dict[str, Any]) -> None:
    """No group conversation possible: the same message to each person, each exactly once."""
    async with store.unit() as repos:
        for key in keys:
            await repos.outbox.enqueue(f"{dedupe_key}>{key}", key, body, clock.now())
        await repos.outbox.mark_sent(message_id, clock.now())
