"""`hours`: a person's own working time, which what the bot sends on its own waits for.

`hours` shows it, `hours 8-16` sets the hours, `hours mon-thu 7-15` days and hours,
`hours reset` goes back to the program's. Holidays are always the program's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from babel.dates import get_day_names

from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.i18n import Translator
from conversations.replies import Reply, Text
from conversations.working_time import WorkingTime, parse_days, working_time_of
from storage.models import Person

# Whole hours (the columns are whole hours): "8-16", "08:00-16:00", "8–16". ASCII digits only.
_HOURS = re.compile(r"^(\d{1,2})(?::00)?\s*[-–]\s*(\d{1,2})(?::00)?$", re.ASCII)
# German day abbreviations, so `arbeitszeit mo-do 7-15` reads as typed.
_GERMAN_DAYS = {"mo": "mon", "di": "tue", "mi": "wed", "do": "thu", "fr": "fri", "sa": "sat",
                "so": "sun"}
RESET_WORDS = ("reset", "zurücksetzen")


def days_text(t: Translator, days: Sequence[int]) -> str:
    """ISO weekdays as the reader writes them: runs of three or more as a range (Mon–Thu)."""
    names = get_day_names("abbreviated", locale=t.language)
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0] - 1]}–{names[run[-1] - 1]}")
        else:
            parts.extend(names[day - 1] for day in run)
    return ", ".join(parts)


def working_time_text(t: Translator, when: WorkingTime) -> str:
    return t("{days}, {start}:00–{end}:00 ({zone})", days=days_text(t, when.days),
             start=when.hours[0], end=when.hours[1], zone=when.timezone)


def parse_hours(args: str) -> tuple[tuple[int, int] | None, tuple[int, ...] | None] | None:
    """(hours, days) from "8-16", "mon-thu 7-15" or "mon,wed"; None if not understood or out
    of range (whole hours, 0 <= start < end <= 24)."""
    hours: tuple[int, int] | None = None
    days: tuple[int, ...] | None = None
    words = args.lower().split()
    if not words or len(words) > 2:
        return None
    for word in words:
        if match := _HOURS.fullmatch(word):
            start, end = int(match[1]), int(match[2])
            if hours is not None or not 0 <= start < end <= 24:
                return None
            hours = (start, end)
            continue
        english = re.sub(r"[a-zäöü]+", lambda m: _GERMAN_DAYS.get(m[0], m[0]), word)
        parsed = parse_days(english)
        if parsed is None or days is not None:
            return None
        days = parsed
    return hours, days


async def hours(ctx: Context, args: str) -> list[Reply]:
    t = ctx.t
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is None:  # the core records everyone who writes: only a race gets here
        return [Text(t("Sorry, something went wrong on my side and nothing was changed. "
                       "Please try again in a moment."))]
    word = args.strip().lower()
    if not word:
        return [Text(_shown(ctx, person))]
    if word in RESET_WORDS:
        person.hours_start = person.hours_end = None
        person.work_days = None
        person.updated_at = ctx.now
        return [Text(t("Your working time is the program's again: {time}.",
                       time=working_time_text(t, working_time_of(person, ctx.program))))]
    parsed = parse_hours(word)
    if parsed is None:
        return [Text(t("Please give whole hours like `hours 8-16`, or days and hours like "
                       "`hours mon-thu 7-15` (days: mon, tue, wed, thu, fri, sat, sun). "
                       "Nothing changed."))]
    new_hours, new_days = parsed
    if new_hours is not None:
        person.hours_start, person.hours_end = new_hours
    if new_days is not None:
        person.work_days = list(new_days)
    person.updated_at = ctx.now
    return [Text(t("Noted: your working time is now {time}. Reminders and nudges from Tandem "
                   "wait for it; replies to what you type stay immediate.",
                   time=working_time_text(t, working_time_of(person, ctx.program))))]


def _shown(ctx: Context, person: Person) -> str:
    t, when = ctx.t, working_time_of(person, ctx.program)
    own = (person.hours_start is not None and person.hours_end is not None) or bool(
        person.work_days)
    if own:
        return t("Your working time: {time}. Reminders and nudges from Tandem arrive only "
                 "then. `hours reset` goes back to the program's.",
                 time=working_time_text(t, when))
    return t("Your working time is the program's: {time}. Reminders and nudges from Tandem "
             "arrive only then. To set your own, type for example `hours 8-16` or "
             "`hours mon-thu 7-15`.", time=working_time_text(t, when))


def status_line(ctx: Context, person: Person) -> str:
    t = ctx.t
    return t("Working time: {time} (change it with `hours`).",
             time=working_time_text(t, working_time_of(person, ctx.program)))


ANSWERS = Flow(commands=(
    Command("hours", ("hours",), ("arbeitszeit", "zeiten"), lambda ctx, args, prefix: hours(
        ctx, args), (
        HelpLine("hours mon-thu 7-15", lambda t: t("your working time: reminders and nudges "
                                                   "come only then (`hours reset`: the "
                                                   "program's)"), 45),),
        sub_german=(("reset", "zurücksetzen"),)),
))
