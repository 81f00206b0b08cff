"""What the harnesses wait for: messages due by now, not those waiting for a later time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage


async def due_unsent(session: AsyncSession, now: datetime) -> int:
    """Unsent, unparked messages whose time has come (someone's working hours, a retry)."""
    return int(await session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.failed_reason.is_(None),
            OutboxMessage.next_attempt_at.is_(None) | (OutboxMessage.next_attempt_at <= now)))
        or 0)
