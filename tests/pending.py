"""How many queued messages a delivery could send now: unsent, not parked, and whose
delivery time (`next_attempt_at`, the recipient's working time or a snooze) has come.
Harnesses wait for this to reach 0; a message for later does not keep them waiting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from storage.db import Store
from storage.models import OutboxMessage


async def sendable_now(store: Store, now: datetime) -> int:
    async with store.session() as session:
        return int(await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.failed_reason.is_(None),
                OutboxMessage.next_attempt_at.is_(None)
                | (OutboxMessage.next_attempt_at <= now))) or 0)
