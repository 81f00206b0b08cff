"""What coordinators do with quick wins: **Post** or **Hold** one everyone approved (with
`[quick_wins] curate`), **Retry** one a channel refused, and post their own at once."""

from __future__ import annotations

from conversations.context import Context
from conversations.flows.matching import refuse
from conversations.flows.quick_win_form import Draft
from conversations.flows.quick_win_members import (
    members_now,
    not_yours,
    revision_of,
    state_text,
    tell,
    win_of,
)
from conversations.flows.quick_win_posts import queue_posts
from conversations.flows.quick_win_wording import BLOCKED, CURATING, HELD, OPEN, POSTING
from conversations.replies import Reply, Text, Update
from storage.models import QuickWin, QuickWinConsent
from storage.quick_wins import touch


async def curate(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    win = await win_of(ctx, value)
    if win is None:
        return [Text(t("That quick win is no longer there. Type `wins` to see the others."))]
    allowed = (CURATING, HELD) if action == "wins.post" else (CURATING,)
    if win.status not in allowed:
        return [Update(Text(state_text(ctx, win)))]
    if revision_of(value) != win.revision:
        return [Update(Text(t("The tandem changed the text meanwhile; it comes back to you "
                              "once they approved the new one.")))]
    win.decided_by = ctx.actor.key
    members = await members_now(ctx, win)
    if action == "wins.post":
        await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, ctx.now)
        await tell(ctx, members, f"win-posted:{win.id}.{win.revision}", lambda tp: tp(
            "A coordinator approved your quick win: it is being posted to the program's "
            "quick-wins channel."))
        return [Update(Text(t("Posted: the quick win is on its way to the quick-wins "
                              "channel, and the tandem is told.")))]
    win.status = HELD
    touch(win, ctx.now)
    await tell(ctx, members, f"win-held:{win.id}.{win.revision}", lambda tp: tp(
        "The coordinators are holding your quick win back for now: nothing was posted. If "
        "you change it, they look at it again."))
    return [Update(Text(t("Held: nothing is posted, and the tandem is told. You can still "
                          "post it from `wins`.")))]


async def retry(ctx: Context, value: str) -> list[Reply]:
    t = ctx.t
    win = await win_of(ctx, value)
    me = await ctx.repos.people.by_key(ctx.actor.key)
    allowed = win is not None and (
        ctx.program.is_coordinator(ctx.actor.key)
        or (me is not None and me.id in {p.id for p in await members_now(ctx, win)}))
    if win is None or not allowed:
        return not_yours(ctx)
    if win.status != BLOCKED:
        return [Update(Text(state_text(ctx, win)))]
    for row in await ctx.repos.quick_wins.posts([win.id]):
        await ctx.repos.outbox.retry(row.id, ctx.now)  # the refused ones: once each
    win.status = POSTING
    touch(win, ctx.now)
    return [Update(Text(t("Trying again: the quick win is on its way to the quick-wins "
                          "channel.")))]


async def post_own(ctx: Context, draft: Draft) -> list[Reply]:
    """A coordinator's own quick win: posted at once, no one else's consent needed."""
    me = await ctx.repos.people.by_key(ctx.actor.key)
    now = ctx.now
    win = QuickWin(program_id=ctx.program_id, tandem_id=None, author_id=me.id if me else None,
                   text=draft.text, topic=draft.topic, status=OPEN, revision=1,
                   created_at=now, updated_at=now, decided_by=ctx.actor.key)
    if me is not None:
        win.consents = [QuickWinConsent(person_id=me.id, approved_revision=1,
                                        show_name=draft.named, updated_at=now)]
    await ctx.repos.quick_wins.add(win)
    await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, now)
    return [Text(ctx.t("Your quick win is on its way to the program's quick-wins channel."))]
