"""The retro after each logged session: every current member is asked once per session
(a session logged twice, or corrected, asks nobody again)."""

from __future__ import annotations

from conversations.context import Context
from conversations.flows import pairing_fit
from conversations.flows.members import Members
from conversations.flows.questionnaires import Asking, put_to
from conversations.flows.quiet import program_today
from storage.models import SessionRow
from storage.questionnaires import Ask


async def ask_after_session(ctx: Context, members: Members, row: SessionRow) -> None:
    """Queue the retro of `row` for each current member, inside their working time (and
    after the tandem's first session the pairing fit). From the program's end day on
    nothing: the final evaluation is the last questionnaire (`evaluations.py`)."""
    if program_today(ctx.program, ctx.now) >= ctx.program.end:
        return
    tandem, asks = members.tandem, []
    for person in members.current():
        role = members.role_of(person.id) or "peer"
        ordinal = await ctx.repos.responses.count_of(tandem.id, person.id, "retro") + 1
        asks.append(Ask(ctx.program_id, tandem.id, person.id, "retro", f"session:{row.id}",
                        role, row.held_on, session_id=row.id, ordinal=ordinal))
    await put_to(Asking(ctx.repos, ctx.program, ctx.now), asks,
                 {p.id: p for p in members.current()}, {tandem.id: tandem})
    await pairing_fit.ask_after_first(ctx, members, row)
