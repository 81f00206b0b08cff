"""`wins`: the program's posted quick wins, latest first (a post counts once it went out to a
channel), the person's own tandem's drafts, and for coordinators what waits for them: a
decision (**Post** / **Hold**), a held one, or a post a channel refused (**Retry**)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from conversations.context import Context
from conversations.flows.quick_win_posts import credit_line
from conversations.flows.quick_win_wording import (
    BLOCKED,
    CURATING,
    HELD,
    OPEN,
    POSTED,
    POSTING,
    UNPOSTED,
    summary,
)
from conversations.i18n import Translator
from conversations.replies import Button, Card, Reply, verbatim
from storage.models import QuickWin

LISTED = 10  # posted quick wins `wins` shows, the latest
WITH_BUTTONS = 5  # waiting ones shown with their buttons


async def wins_command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """The program's posted quick wins, latest first; the person's own drafts; and for
    coordinators what waits for them."""
    t, repos = ctx.t, ctx.repos
    candidates = await repos.quick_wins.with_status(ctx.program_id, (POSTING, POSTED, BLOCKED))
    sent: dict[int, datetime] = {}  # a quick win's first post that went out
    for row in await repos.quick_wins.posts([w.id for w in candidates]):
        if row.sent_at is not None:
            win_id = int(row.dedupe_key.split(":")[1])
            sent[win_id] = min(row.sent_at, sent.get(win_id, row.sent_at))
    posted = sorted((w for w in candidates if w.id in sent),
                    key=lambda w: (sent[w.id], w.id), reverse=True)
    zone = ZoneInfo(ctx.program.timezone)
    lines = []
    for win in posted[:LISTED]:
        day = sent[win.id].astimezone(zone).date()
        credit = await credit_line(repos, ctx.program, ctx.program_id, win, t)
        lines.append("- " + t("{date}: “{text}” — {credit}", date=t.date(day, "medium"),
                              text=verbatim(win.text), credit=credit))
    sections = ["\n".join(lines) if lines else
                t("No quick win has been posted yet. Share yours with `win`.")]
    buttons: list[Button] = []
    me = await repos.people.by_key(ctx.actor.key)
    tandems = await repos.tandems.current_for(ctx.program_id, me.id) if me else []
    drafts = await repos.quick_wins.of_tandems([x.id for x in tandems], UNPOSTED)
    if drafts:
        sections.append(t("Your tandem's drafts:") + "\n" + "\n".join(
            "- " + _draft_line(t, w) for w in drafts))
        buttons += [Button("wins.show", t("Show #{id}", id=w.id), str(w.id))
                    for w in drafts[:WITH_BUTTONS]]
    if ctx.program.is_coordinator(ctx.actor.key):
        waiting = await repos.quick_wins.with_status(ctx.program_id, (CURATING, HELD, BLOCKED))
        for win in waiting[:WITH_BUTTONS * 2]:
            credit = await credit_line(repos, ctx.program, ctx.program_id, win, t)
            sections.append(_waiting_title(t, win) + "\n" + summary(t, ctx.program, win,
                                                                    credit))
            value = f"{win.id}:{win.revision}"
            if win.status == CURATING:
                buttons += [Button("wins.post", t("Post #{id}", id=win.id), value, "primary"),
                            Button("wins.hold", t("Hold #{id}", id=win.id), value)]
            elif win.status == HELD:
                buttons.append(Button("wins.post", t("Post #{id}", id=win.id), value))
            else:
                buttons.append(Button("wins.retry", t("Retry #{id}", id=win.id),
                                      str(win.id), "primary"))
    title = t("Quick wins of {program}", program=ctx.program.name)
    return [Card(title, tuple(sections), tuple(buttons))]


def _draft_line(t: Translator, win: QuickWin) -> str:
    state = {OPEN: t("waiting for approval"), CURATING: t("waiting for a coordinator"),
             HELD: t("held by the coordinators")}.get(win.status, win.status)
    return t("#{id} ({state}): “{text}”", id=win.id, state=state, text=verbatim(win.text))


def _waiting_title(t: Translator, win: QuickWin) -> str:
    if win.status == CURATING:
        return t("**#{id}** waits for your decision:", id=win.id)
    if win.status == HELD:
        return t("**#{id}** is held:", id=win.id)
    return t("**#{id}** could not be posted yet (see the message about it):", id=win.id)
