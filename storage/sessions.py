"""Sessions a tandem logged and the check-ins the bot asked its members."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import insert_ignoring_conflict
from storage.models import CheckIn, SessionRow


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def on_day(self, tandem_id: int, held_on: date) -> SessionRow | None:
        return await self.session.scalar(select(SessionRow).where(
            SessionRow.tandem_id == tandem_id, SessionRow.held_on == held_on))

    async def get(self, session_id: int) -> SessionRow | None:
        return await self.session.get(SessionRow, session_id)

    async def add(self, row: SessionRow) -> SessionRow:
        self.session.add(row)
        await self.session.flush()
        return row

    async def remove(self, row: SessionRow) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def of(self, tandem_id: int) -> list[SessionRow]:
        """The tandem's sessions, oldest first."""
        return list(await self.session.scalars(
            select(SessionRow).where(SessionRow.tandem_id == tandem_id)
            .order_by(SessionRow.held_on)))


class CheckInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ask(self, tandem_id: int, person_id: int, kind: str, period: date,
                  now: datetime) -> bool:
        """Record that the bot asks; False if it asked this member for this period already."""
        stmt = insert_ignoring_conflict(self.session, CheckIn).values(
            tandem_id=tandem_id, person_id=person_id, kind=kind, period=period, asked_at=now,
            version=1).returning(CheckIn.id)
        return (await self.session.execute(stmt)).first() is not None

    async def get(self, tandem_id: int, person_id: int, kind: str, period: date
                  ) -> CheckIn | None:
        return await self.session.scalar(select(CheckIn).where(
            CheckIn.tandem_id == tandem_id, CheckIn.person_id == person_id,
            CheckIn.kind == kind, CheckIn.period == period))

    async def open_of(self, tandem_id: int) -> list[CheckIn]:
        return list(await self.session.scalars(select(CheckIn).where(
            CheckIn.tandem_id == tandem_id, CheckIn.closed_at.is_(None)).order_by(CheckIn.id)))

    async def of(self, tandem_id: int) -> list[CheckIn]:
        return list(await self.session.scalars(
            select(CheckIn).where(CheckIn.tandem_id == tandem_id).order_by(CheckIn.id)))
