"""A person's own page (Slack's Home tab; the `home` command elsewhere): their state at a glance.

Built fresh from what is stored each time it is shown, from the same pieces `status` uses: signed
up or not (a **Join** button), their tandems with partner, goals and the kick-off items still
open, the next session, a break, the retros still open; and for coordinators the program at a
glance — the counts of `status`, the quiet tandems, the messages that could not be delivered —
with buttons that run `match`, `report` and the lists behind the figures. Its buttons that
stand for a command carry the command's text (`commands.RUN`): a click runs it as if typed.
It changes nothing.
"""

from __future__ import annotations

from conversations import commands
from conversations.aggregates.tandem import TandemState
from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.flows import membership, quiet, tandems
from conversations.flows.questionnaires import title_of
from conversations.replies import Button, Card, Home, Reply, Text
from storage.models import Enrollment

QUIET_SHOWN = 10  # quiet tandems listed on the page; the rest are behind `tandems quiet`
RETROS_SHOWN = 5  # open questionnaires listed


def run_button(ctx: Context, label: str, command: str,
               style: str = "default") -> Button:
    """A button that runs `command` (English words) as typed, in the reader's words."""
    shown = commands.localize_command(command, ctx.t.language)
    return Button(commands.RUN, label, shown, "primary" if style == "primary" else "default")


async def build(ctx: Context) -> Home:
    cards: list[Card] = []
    enrollment = await membership.enrollment_of(ctx)
    coordinator = ctx.program.is_coordinator(ctx.actor.key)
    if enrollment is not None:
        cards += await _own(ctx, enrollment)
        cards += await _open_retros(ctx, enrollment.person_id)
    elif not coordinator:
        cards.append(_welcome(ctx))
    if coordinator:
        cards.append(await _program(ctx))
    return Home(tuple(cards))


def _welcome(ctx: Context) -> Card:
    t = ctx.t
    return Card(
        t("Welcome to {program}", program=ctx.program.name),
        (t("**Tandem** runs the reverse mentoring program **{program}**: a mentor and a "
           "mentee meet regularly and learn from each other. Taking part is voluntary.",
           program=ctx.program.name),
         t("You are not signed up yet. **Join** opens the sign-up form.")),
        (Button("join", t("Join"), style="primary"), run_button(ctx, t("Help"), "help")))


async def _own(ctx: Context, enrollment: Enrollment) -> list[Card]:
    """The person's `status`, as cards: their place first, then any kick-off's buttons."""
    t = ctx.t
    replies: list[Reply] = await membership.status_of(ctx, enrollment)
    texts = [r.markdown for r in replies if isinstance(r, Text)]
    current = await ctx.repos.tandems.current_for(ctx.program_id, enrollment.person_id)
    buttons = [run_button(ctx, t("Log a session"), "log")] if any(
        x.status == TandemState.ACTIVE for x in current) else []
    buttons += [run_button(ctx, t("My retros"), "my retros"),
                run_button(ctx, t("Help"), "help")]
    place = Card(t("Your place in {program}", program=ctx.program.name),
                 tuple(p for text in texts for p in text.split("\n\n") if p), tuple(buttons))
    return [place, *(r for r in replies if isinstance(r, Card))]


async def _open_retros(ctx: Context, person_id: int) -> list[Card]:
    t = ctx.t
    open_ = await ctx.repos.responses.open_of(person_id)
    if not open_:
        return []
    lines = [f"- {title_of(t, r)}" for r in open_[:RETROS_SHOWN]]
    if len(open_) > RETROS_SHOWN:
        lines.append(t("and {n} more", n=len(open_) - RETROS_SHOWN))
    return [Card(t("Open retros and questionnaires ({n})", n=len(open_)),
                 ("\n".join(lines),),
                 (run_button(ctx, t("Answer now"), "retro", "primary"),))]


async def _program(ctx: Context) -> Card:
    """A coordinator's glance: the counts of `status`, quiet tandems, undelivered messages."""
    t = ctx.t
    sections = [await tandems.program_overview(ctx)]
    lines = await quiet.quiet_lines(ctx)
    if lines:
        shown = lines[:QUIET_SHOWN]
        if len(lines) > QUIET_SHOWN:
            shown.append(t("and {n} more", n=len(lines) - QUIET_SHOWN))
        sections.append(t("**Quiet tandems ({n})**: no session for {missed} cadences or "
                          "more.", n=len(lines), missed=ctx.program.escalate_after_missed)
                        + "\n" + "\n".join(shown))
    else:
        sections.append(t("No quiet tandems."))
    failed = (await ctx.repos.outbox.counts()).failed
    sections.append(t("Messages that could not be delivered: {n}", n=failed))
    buttons = [run_button(ctx, t("Match"), "match", "primary"),
               run_button(ctx, t("Report"), "report")]
    if lines:
        buttons.append(run_button(ctx, t("Quiet tandems"), "tandems quiet"))
    if failed:
        buttons.append(run_button(ctx, t("Undelivered messages"), "messages"))
    return Card(t("Program at a glance"), tuple(sections), tuple(buttons))


async def show(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """`home`: the same page as messages, where a platform has no home of its own."""
    return list((await build(ctx)).cards)


ANSWERS = Flow(commands=(
    Command("home", ("home",), ("übersicht", "start"), show,
            (HelpLine("home", lambda t: t("your page: where you stand, what is open"), 25),)),
))
