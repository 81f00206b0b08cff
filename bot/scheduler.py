"""Due work and delivery, once (`tandem tick`) or every minute while serving.

The due work lives in our own tables (outbox with dedupe keys), so any number of replicas or
ticks can run this: each message is claimed by exactly one of them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.app import Runtime
from conversations.due import DueReport, run_due_work
from conversations.outbox import DeliveryReport, deliver

log = logging.getLogger("tandem.scheduler")
INTERVAL_SECONDS = 60.0


@dataclass
class TickReport:
    due: DueReport
    delivery: DeliveryReport


async def tick(runtime: Runtime, dry_run: bool = False) -> TickReport:
    assert runtime.core.program_id is not None
    due = await run_due_work(runtime.store, runtime.program, runtime.core.program_id,
                             runtime.clock, dry_run=dry_run)
    delivery = await deliver(runtime.store, runtime.clock, runtime.senders, dry_run=dry_run)
    log.info("tick", extra={"resumed": len(due.resumed), "sent": len(delivery.sent),
                            "unreachable": len(delivery.unreachable),
                            "retry_later": len(delivery.retry_later), "dry_run": dry_run})
    return TickReport(due, delivery)


async def run_forever(runtime: Runtime, interval: float = INTERVAL_SECONDS) -> None:
    while True:
        try:
            await tick(runtime)
        except Exception:
            log.exception("tick failed; trying again next interval")
        await asyncio.sleep(interval)
