"""What the harnesses wait for: messages due by now, not those waiting for a later time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage


async def due_unsent(session: AsyncSession, now: datetime,
                     platforms: Sequence[str] | None = None) -> int:
    """Unsent, unparked messages whose time has come (someone's working hours, a retry); of
    `platforms` only, if given (what another platform's process would send is not waited
    for: a quick win posted to the Slack and the Teams channel)."""
    query = select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_reason.is_(None),
        OutboxMessage.next_attempt_at.is_(None) | (OutboxMessage.next_attempt_at <= now))
    if platforms is not None:
        query = query.where(OutboxMessage.platform.in_(list(platforms)))
    return int(await session.scalar(query) or 0)
