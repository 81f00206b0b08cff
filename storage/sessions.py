"""Sessions a tandem logged and the check-ins the bot asked its members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import insert_ignoring_conflict
from storage.models import CheckIn, OutboxMessage, SessionRow

# Rows per INSERT: below the drivers' bind-parameter limits (asyncpg 32767, SQLite 32766).
CHUNK = 2000
# (tandem id, person id, kind, period): one check-in asked of one member
Asked = tuple[int, int, str, date]


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

    async def ask_many(self, rows: Sequence[Asked], now: datetime) -> set[Asked]:
        """Record many asks in one statement (per CHUNK rows); returns those that are new.

        Any number of ticks at once: the unique (tandem, person, kind, period) lets one of
        them insert each row, the others get nothing back and queue nothing for it."""
        new: set[Asked] = set()
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            stmt = (insert_ignoring_conflict(self.session, CheckIn)
                    .values([dict(tandem_id=t, person_id=p, kind=k, period=d, asked_at=now,
                                  version=1) for t, p, k, d in chunk])
                    .on_conflict_do_nothing()
                    .returning(CheckIn.tandem_id, CheckIn.person_id, CheckIn.kind,
                               CheckIn.period))
            new |= {(t, p, k, d) for t, p, k, d in (await self.session.execute(stmt)).all()}
        return new

    async def of_tandems(self, tandem_ids: Sequence[int]) -> dict[int, list[CheckIn]]:
        """Every check-in of these tandems (what the bot tried), by tandem: one query."""
        found: dict[int, list[CheckIn]] = {i: [] for i in tandem_ids}
        if tandem_ids:
            for row in await self.session.scalars(
                    select(CheckIn).where(CheckIn.tandem_id.in_(list(tandem_ids)))
                    .order_by(CheckIn.id)):
                found[row.tandem_id].append(row)
        return found

    async def close_open(self, tandem_id: int, now: datetime) -> int:
        """Close the tandem's open check-ins in one versioned update (a session was logged)."""
        result = await self.session.execute(
            update(CheckIn).where(CheckIn.tandem_id == tandem_id, CheckIn.closed_at.is_(None))
            .values(closed_at=now, version=CheckIn.version + 1)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def withdraw_unsent(self, key_prefixes: Sequence[str]) -> int:
        """Delete still-unsent outbox messages whose dedupe key starts with one of these
        prefixes (a tandem's check-ins once its session is logged); sent ones stay."""
        if not key_prefixes:
            return 0
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None),
                or_(*(OutboxMessage.dedupe_key.startswith(p, autoescape=True)
                      for p in key_prefixes)))
            .returning(OutboxMessage.id))
        return len(result.all())
