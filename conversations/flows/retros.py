"""The retro after each logged session: every current member is asked once per session
(a session logged twice, or corrected, asks nobody again). Once finished, it offers to share
the written answers with the partner (`retro_sharing`)."""

from __future__ import annotations

from conversations.context import Context
from conversations.flows import pairing_fit, retro_sharing
from conversations.flows.members import Members
from conversations.flows.questionnaires import Asking, put_to, when_done
from conversations.flows.quiet import program_today
from conversations.replies import Reply
from storage.models import Response, SessionRow, Tandem
from storage.questionnaires import Ask, Given


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


async def _finished(ctx: Context, response: Response, tandem: Tandem,
                    answers: dict[str, Given]) -> list[Reply]:
    """A finished retro offers to share its written answers (never shares by itself)."""
    return await retro_sharing.offer(ctx, response, tandem,
                                     await ctx.repos.responses.answers_of(response.id,
                                                                          with_text=True))


when_done("retro", _finished)
