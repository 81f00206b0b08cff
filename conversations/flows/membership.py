"""Status, pause, resume and leave: a participant's control over their own enrolment."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conversations.context import Context
from conversations.flows.wording import command_list, long_date, role_name
from conversations.replies import Reply, Text
from storage.models import Enrollment

MAX_PAUSE = timedelta(days=366)


async def _enrollment(ctx: Context) -> Enrollment | None:
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is None:
        return None
    enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
    return enrollment if enrollment and enrollment.status != "withdrawn" else None


def _not_enrolled(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("You are not signed up for **{program}**. Type `join` to sign up.",
                       program=ctx.program.name))]


async def status(ctx: Context) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    topics = ", ".join(
        (ctx.program.topic(x).label(t.language) if ctx.program.topic(x) else x)  # type: ignore[union-attr]
        for x in enrollment.topics
    )
    lines = [t("**{program}** — you take part as **{role}**.", program=ctx.program.name,
               role=role_name(t, enrollment.role)),
             t("Topics: {topics}", topics=topics)]
    if enrollment.status == "paused" and enrollment.paused_until:
        lines.append(t("You are on a break until {date}. Type `resume` to come back earlier.",
                       date=long_date(t, enrollment.paused_until)))
    else:
        lines.append(t("You are waiting for a tandem partner. A coordinator will propose one."))
    return [Text("\n\n".join(lines))]


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_day(text: str) -> date | None:
    """A date as people type it: 2027-03-31 or 31.03.2027."""
    text = text.strip()
    try:
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _GERMAN.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


async def pause(ctx: Context, args: str) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    until = parse_day(args)
    today = ctx.today(enrollment.timezone)
    if until is None:
        return [Text(t("Please give the date your break ends, for example `pause 2027-03-31` "
                       "or `pause 31.03.2027`."))]
    if until <= today:
        return [Text(t("That date is not in the future. Please choose a day after {today}.",
                       today=long_date(t, today)))]
    if until - today > MAX_PAUSE:
        return [Text(t("A break can last at most a year. For longer, `leave` and `join` "
                       "again later."))]
    enrollment.status, enrollment.paused_until, enrollment.updated_at = "paused", until, ctx.now
    return [Text(t("Your break is noted until {date}. You will not be matched or reminded "
                   "until then. Type `resume` to come back earlier.",
                   date=long_date(t, until)))]


async def resume(ctx: Context) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    if enrollment.status != "paused":
        return [Text(t("You are not on a break, so there is nothing to resume."))]
    enrollment.status, enrollment.paused_until, enrollment.updated_at = "active", None, ctx.now
    return [Text(t("Welcome back! Your break has ended."))]


async def leave(ctx: Context) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    # Leaving removes the person from everything future at once: no matching, no reminders,
    # no queued messages, no half-finished forms. Their answers are not needed any more.
    enrollment.status = "withdrawn"
    enrollment.withdrawn_at = enrollment.updated_at = ctx.now
    enrollment.paused_until = None
    enrollment.topics, enrollment.languages = [], []
    enrollment.department = enrollment.manager = enrollment.level = None
    await ctx.repos.states.clear(ctx.actor.key)
    await ctx.repos.outbox.drop_for(ctx.actor.key)
    return [Text(t("You have left **{program}**. You will get no more matches or reminders, "
                   "and your sign-up answers were deleted. Thank you for taking part! "
                   "Type `join` if you want to come back.", program=ctx.program.name))]


def help_text(ctx: Context, prefix: str) -> list[Reply]:
    t = ctx.t
    return [Text(t("**Tandem** runs the reverse mentoring program **{program}**. "
                   "You can use:", program=ctx.program.name)
                 + "\n" + command_list(t, prefix))]


def unknown(ctx: Context, word: str, prefix: str) -> list[Reply]:
    t = ctx.t
    shown = word if len(word) <= 30 else word[:30] + "…"
    shown = shown.replace("`", "'")
    return [Text(t("I don't know `{word}`. You can use:", word=shown) + "\n"
                 + command_list(t, prefix))]
