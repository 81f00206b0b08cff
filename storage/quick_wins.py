"""Quick wins and their members' consents; the outbox rows that carry their posts.

A quick win's posts are outbox rows keyed `win-post:<id>:<platform>` (one per configured
channel), so "was it posted?" is read from the outbox itself, and a double approval can
queue each post only once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from storage.models import Enrollment, OutboxMessage, QuickWin, QuickWinConsent

PLATFORMS = ("slack", "teams", "console")


def post_key(win_id: int, platform: str) -> str:
    return f"win-post:{win_id}:{platform}"


def post_keys(win_ids: Sequence[int]) -> list[str]:
    """Every key a post of these quick wins can have (one per platform)."""
    return [post_key(i, p) for i in win_ids for p in PLATFORMS]


def touch(win: QuickWin, now: datetime) -> None:
    """Write the quick win (and so bump its version) with every consent given to it: two
    members approving at once collide here, and the second sees the first's approval."""
    win.updated_at = now
    flag_modified(win, "updated_at")


class QuickWinRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, win: QuickWin) -> QuickWin:
        self.session.add(win)
        await self.session.flush()
        return win

    async def get(self, win_id: int) -> QuickWin | None:
        return await self.session.get(QuickWin, win_id)

    def consent(self, win: QuickWin, person_id: int, now: datetime) -> QuickWinConsent:
        """The person's consent row on `win`, made (not approved, anonymous) if missing: a
        circle's member who joined after the draft."""
        for consent in win.consents:
            if consent.person_id == person_id:
                return consent
        consent = QuickWinConsent(person_id=person_id, approved_revision=None,
                                  show_name=False, updated_at=now)
        win.consents.append(consent)
        return consent

    async def with_status(self, program_id: int, statuses: Sequence[str],
                          limit: int = 50) -> list[QuickWin]:
        """The program's quick wins in these states, newest first (`ix_quick_wins_status`)."""
        return list(await self.session.scalars(
            select(QuickWin).where(QuickWin.program_id == program_id,
                                   QuickWin.status.in_(list(statuses)))
            .order_by(QuickWin.id.desc()).limit(limit)))

    async def of_tandems(self, tandem_ids: Sequence[int], statuses: Sequence[str]
                         ) -> list[QuickWin]:
        if not tandem_ids:
            return []
        return list(await self.session.scalars(
            select(QuickWin).where(QuickWin.tandem_id.in_(list(tandem_ids)),
                                   QuickWin.status.in_(list(statuses)))
            .order_by(QuickWin.id.desc())))

    async def posts(self, win_ids: Sequence[int]) -> list[OutboxMessage]:
        """The outbox rows of these quick wins' posts, whatever became of them."""
        if not win_ids:
            return []
        return list(await self.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.in_(post_keys(win_ids)))
            .order_by(OutboxMessage.id)))

    async def posted_between(self, program_id: int, start: datetime, end: datetime
                             ) -> list[QuickWin]:
        """Quick wins whose first post went out in [start, end), oldest first."""
        return list(await self.session.scalars(
            select(QuickWin).where(QuickWin.program_id == program_id,
                                   QuickWin.posted_at >= start, QuickWin.posted_at < end)
            .order_by(QuickWin.posted_at)))

    async def status_counts(self, program_id: int) -> dict[str, int]:
        rows = await self.session.execute(
            select(QuickWin.status, func.count()).where(QuickWin.program_id == program_id)
            .group_by(QuickWin.status))
        return {status: int(n) for status, n in rows.all()}

    async def department_sizes(self, program_id: int) -> dict[str, int]:
        """How many of the program's people name each department: a department is shown
        with an anonymous quick win only when it does not single anyone out."""
        rows = await self.session.execute(
            select(Enrollment.department, func.count()).where(
                Enrollment.program_id == program_id, Enrollment.department.is_not(None))
            .group_by(Enrollment.department))
        return {str(d): int(n) for d, n in rows.all() if d}
