"""The mid-program check-in at half-time and the final evaluation at the program's end, and
going on after it when everyone says so.

When (days in the program's zone, `schedule.timezone`):
- half-time is the start plus half the program's months: whole months on the calendar (the
  15th stays the 15th; the 31st of a shorter month is its last day, as for the end), and for
  an odd number of months half the days of the month that follows, rounded down (6 months
  from 15 January: 15 April; 1 month from 15 January: 30 January). The check-in is asked on
  that day, or the first tick after it, until the day before the end;
- the final evaluation on the end day (`program.end`), or the first tick in the fortnight
  after it (a bot that was down on the day still asks; later, nobody).
Every current member of every active tandem (for the check-in: active by the end of
half-time day; it is about the first half) is asked once — each member of a circle and both
peers their own —; someone on a break is asked on the first tick after it ends (inside the
same window). One query finds the tandems with someone not yet asked, so once everyone was,
a tick loads nothing.

After the end nothing else is asked: no check-ins (`checkins.py`), no retro or pairing fit
for a session logged then (`retros.py`); only the final evaluation (and its reminder).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm.attributes import flag_modified

from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.tandem import TandemState
from conversations.commands import Flow
from conversations.context import Context
from conversations.due import DueRun
from conversations.flows.members import Members, members_of, partners_text
from conversations.flows.questionnaires import Asking, put_to, when_done
from conversations.flows.quiet import program_today
from conversations.flows.wording import translator_of
from conversations.i18n import Translator
from conversations.program import Program, add_months
from conversations.replies import Reply, Text, message_to_dict
from conversations.working_time import notice_time
from storage.models import Response, Tandem
from storage.questionnaires import Ask, Given

FINAL_DAYS = 14  # the final evaluation is still asked this many days after the end


def half_time(program: Program) -> date:
    """The day of the mid-program check-in (see the module's docstring)."""
    whole = add_months(program.start, program.months // 2)
    if program.months % 2 == 0:
        return whole
    following = add_months(program.start, program.months // 2 + 1)
    return whole + (following - whole) // 2


def due_on(program: Program, today: date) -> tuple[str, date] | None:
    """Which questionnaire is due today, and the day it is about: ("mid", half-time) in the
    second half, ("final", end) in the fortnight from the end; else None."""
    end = program.end
    if end <= today < end + timedelta(days=FINAL_DAYS):
        return "final", end
    middle = half_time(program)
    if middle <= today < end:
        return "mid", middle
    return None


async def ask_due(run: DueRun) -> None:
    found = due_on(run.program, program_today(run.program, run.now))
    if found is None:
        return
    kind, day = found
    # The check-in is about the first half: for tandems active by the end of half-time day.
    zone = ZoneInfo(run.program.timezone)
    since = (datetime.combine(day + timedelta(days=1), time(), zone) if kind == "mid"
             else None)
    async with run.store.unit() as repos:
        due = await repos.due.without_response(run.program_id, kind, since)
        asks = [Ask(run.program_id, tandem.id, member.person_id, kind, kind, member.role, day)
                for tandem in due.tandems for member in tandem_states.current(tandem)
                if member.person_id not in due.paused and member.person_id in due.people]
        if run.dry_run:  # who would be asked (a member asked before is among them)
            run.report.would_queue += [(f"q:{kind}:{a.tandem_id}", due.people[a.person_id].key)
                                       for a in asks]
            return
        new = await put_to(Asking(repos, run.program, run.now), asks, due.people,
                           {tandem.id: tandem for tandem in due.tandems})
    run.report.queued += [f"q:{r.id}>{due.people[r.person_id].key}" for r in new
                          if r.completed_at is None]


# --- going on after the program ------------------------------------------------------------


async def after_final(ctx: Context, response: Response, tandem: Tandem,
                      answers: dict[str, Given]) -> list[Reply]:
    """Once every current member said yes to going on, the tandem continues after the
    program: `continued_at`, and one message each (the last to answer gets it as the reply).

    Each final answer writes the tandem row, so two members finishing at once collide and
    the second (run again) sees the first's answer: neither outcome is lost or doubled."""
    flag_modified(tandem, "continued_at")
    if (tandem.status != TandemState.ACTIVE or tandem.continued_at is not None
            or not _wants_to(answers)):
        return []
    members = await members_of(ctx.repos, tandem)
    others = [p for p in members.current() if p.id != response.person_id]
    for person in others:
        theirs = await ctx.repos.responses.of_subject(tandem.id, person.id, "final", "final")
        if theirs is None or theirs.completed_at is None or not _wants_to(
                await ctx.repos.responses.answers_of(theirs.id)):
            return []
    tandem.continued_at = ctx.now
    for person in others:
        body = Text(_go_on(translator_of(person, ctx.program), members, person.id))
        await ctx.repos.outbox.enqueue(
            f"continued:{tandem.id}:{person.key}", person.key, message_to_dict(body), ctx.now,
            not_before=notice_time(ctx.now, person, ctx.program))
    return [Text(_go_on(ctx.t, members, response.person_id))]


def _wants_to(answers: dict[str, Given]) -> bool:
    given = answers.get("continue")
    return given is not None and given.choice == "yes" and not given.skipped


def _go_on(t: Translator, members: Members, person_id: int) -> str:
    if len(members.current()) > 2:
        return t("Everyone in your circle wants to go on meeting: your circle may continue "
                 "after the program. Meet as you like — I will send no more check-ins or "
                 "questions.")
    return t("You and {partner} both want to go on meeting: your tandem may continue after "
             "the program. Meet as you like — I will send no more check-ins or questions.",
             partner=partners_text(members, person_id))


when_done("final", after_final, on_change=True)

ANSWERS = Flow(due=(ask_due,))
