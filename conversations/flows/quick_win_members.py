"""Whose quick win it is: the members of its tandem as the person acting sees them, who has
approved its current text, and how to tell the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.tandem import TandemState
from conversations.commands import parse_id, parse_number
from conversations.context import Context
from conversations.flows.members import Members, members_of
from conversations.flows.quick_win_wording import (
    BLOCKED,
    CURATING,
    HELD,
    POSTED,
    POSTING,
    WITHDRAWN,
)
from conversations.flows.wording import translator_of
from conversations.i18n import Translator
from conversations.replies import Reply, Text, message_to_dict
from storage.models import Person, QuickWin, Tandem


@dataclass(frozen=True)
class Mine:
    """A tandem of the person acting, and who they are in it."""
    members: Members
    me: Person

    @property
    def tandem(self) -> Tandem:
        return self.members.tandem


async def member_of(ctx: Context, tandem: Tandem | None) -> Mine | None:
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if (tandem is None or me is None or tandem.program_id != ctx.program_id
            or tandem.status == TandemState.DISSOLVED
            or tandem_states.member(tandem, me.id) is None):
        return None
    return Mine(await members_of(ctx.repos, tandem), me)


def not_yours(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This quick win belongs to a tandem you are not part of, or it is "
                       "gone. Type `wins` to see the program's quick wins."))]


async def win_of(ctx: Context, raw: str) -> QuickWin | None:
    win = await ctx.repos.quick_wins.get(parse_id(raw.split(":")[0]) or 0)
    return win if win is not None and win.program_id == ctx.program_id else None


async def of_member(ctx: Context, raw: str) -> tuple[QuickWin, Mine] | list[Reply]:
    win = await win_of(ctx, raw)
    if win is None or win.tandem_id is None:
        return not_yours(ctx)
    mine = await member_of(ctx, await ctx.repos.tandems.get(win.tandem_id))
    return (win, mine) if mine else not_yours(ctx)


def revision_of(raw: str) -> int | None:
    return parse_number(raw.partition(":")[2], 1, 10_000)


def approved(win: QuickWin, person_id: int) -> bool:
    return any(c.person_id == person_id and c.approved_revision == win.revision
               for c in win.consents)


def waiting_for(win: QuickWin, mine: Mine) -> list[Person]:
    return [p for p in mine.members.current() if not approved(win, p.id)]


def state_text(ctx: Context, win: QuickWin) -> str:
    """Why a quick win can no longer be approved, changed or withdrawn."""
    t = ctx.t
    return {
        WITHDRAWN: t("This quick win was withdrawn: nothing was posted."),
        CURATING: t("Everyone approved this quick win; it waits for a coordinator's "
                    "decision."),
        HELD: t("The coordinators are holding this quick win back for now."),
        POSTING: t("This quick win is already approved and on its way to the quick-wins "
                   "channel."),
        BLOCKED: t("This quick win is approved, but the channel did not take it yet: the "
                   "coordinators are told how to fix it."),
        POSTED: t("This quick win is already posted in the quick-wins channel."),
    }.get(win.status, t("Nothing changed."))


async def tell(ctx: Context, people: list[Person], key: str,
               say: Callable[[Translator], str]) -> None:
    """One line to each of `people`, in their language, at once (it follows an action)."""
    for person in people:
        tp = translator_of(person, ctx.program)
        await ctx.repos.outbox.enqueue(f"{key}>{person.key}", person.key,
                                       message_to_dict(Text(say(tp))), ctx.now)


async def members_now(ctx: Context, win: QuickWin) -> list[Person]:
    tandem = await ctx.repos.tandems.get(win.tandem_id) if win.tandem_id else None
    return (await members_of(ctx.repos, tandem)).current() if tandem else []
