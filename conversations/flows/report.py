"""`report` for coordinators (German `bericht`), and the same report each month.

What it says — every number from `repos.report` (storage/report.py: no free text, nothing of
fewer than `[privacy] min_group` tandems, whole-program figures adding up only months shown):
- the tandems by state now: in kick-off, active (meeting), quiet (active, past the
  escalation point of `tandems quiet`, not on a break), on a break (a current member is
  paused), ended;
- did they meet? Sessions logged of sessions due, per month (see storage/report.py for *due*);
- for the latest month and the whole program: check-in and retro response rates, the
  satisfaction scores and the kick-off goals met.

With it, one chart (PNG, `report_chart.py`) and a CSV of the same aggregates, each a `File`
reply. The CSV has stable English column ids (`month,measure,value,count`), one row per
month, measure and value, so a spreadsheet or script reads it in any language; `month` is
"2027-03", "all" for the whole program, "now" for the states. A hidden figure is one row with
value `hidden` and no count.

The monthly report: on the first tick of a month's first week, each coordinator's report of
the month just ended is queued (keys `report:<yyyy-mm>[:png|:csv]>coordinator`, so any number
of ticks and replicas queue it once) for their next working moment: the first working day.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections import Counter
from datetime import date, timedelta

from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.due import DueRun
from conversations.flows.evaluation import (
    figure_name,
    group_lines,
    month_name,
    not_enough,
)
from conversations.flows.quiet import program_today, quiet_day
from conversations.flows.wording import translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Card, Message, Reply, Text, message_to_dict
from conversations.working_time import next_working_moment, working_time_of
from storage.evaluation import HIDDEN, Figure, Group, Hidden
from storage.report import (
    CHECKINS,
    REPORT_FIGURES,
    SESSIONS,
    Report,
    TandemFacts,
    next_month,
)
from storage.repositories import Queued

STATES = ("kickoff", "active", "quiet", "paused", "ended")
MONTHLY_DAYS = 7  # the monthly report is still queued this many days into the month
CSV_COLUMNS = ("month", "measure", "value", "count")


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def tandem_states(facts: tuple[TandemFacts, ...], today: date, program: Program
                  ) -> dict[str, int]:
    """Tandems by state, as `status` and `tandems quiet` tell them apart."""
    counts = dict.fromkeys(STATES, 0)
    for tandem in facts:
        if tandem.status == "kickoff":
            counts["kickoff"] += 1
        elif tandem.status == "dissolved":
            counts["ended"] += 1
        elif tandem.paused:
            counts["paused"] += 1
        elif tandem.due_on is not None and today >= quiet_day(
                tandem.due_on, tandem.cadence_days, program):
            counts["quiet"] += 1
        else:
            counts["active"] += 1
    return counts


def state_name(t: Translator, state: str) -> str:
    names = {"kickoff": t("in kick-off"), "active": t("active"), "quiet": t("quiet"),
             "paused": t("on a break"), "ended": t("ended")}
    return names[state]


def report_figure_name(t: Translator, figure: Figure) -> str:
    if figure == SESSIONS:
        return t("Sessions logged of sessions due")
    if figure == CHECKINS:
        return t("“Did you meet?” check-ins answered")
    return figure_name(t, figure)


def sessions_text(t: Translator, shown: Counter[str] | Hidden) -> str:
    if isinstance(shown, Hidden):
        return not_enough(t)
    due, logged = shown.get("due", 0), shown.get("logged", 0)
    if not due:
        return t("{logged} logged, none due", logged=t.number(logged))
    return t("{logged} of {due} ({percent})", logged=t.number(logged), due=t.number(due),
             percent=t("{n}%", n=t.number(round(100 * logged / due))))


def _lines(t: Translator, group: Group, left_out: dict[Figure, tuple[date, ...]]
           ) -> list[str]:
    """The evaluation's lines of the report's figures; sessions have lines of their own."""
    figures = [f for f in REPORT_FIGURES if f != SESSIONS]
    return group_lines(t, group, left_out, figures, report_figure_name) or [
        "- " + t("no check-in or questionnaire was asked")]


def report_card(t: Translator, program: Program, found: Report, today: date,
                month: date | None) -> Card:
    figures = found.figures
    states = tandem_states(found.tandems, today, program)
    intro = t("Totals only, never what anyone wrote. A month or figure of fewer than {k} "
              "tandems is not shown.", k=t.number(figures.min_group))
    state_line = t("**Tandems now**: {states}", states=" · ".join(
        f"{state_name(t, s)} {t.number(states[s])}" for s in STATES))
    met = [t("**Did they meet?** Sessions logged of sessions due (each tandem's cadence "
             "periods that ended in the month):")]
    for day, group in figures.months:
        if group.tandems is None:
            met.append("- " + t("{month}: {numbers}", month=month_name(t, day),
                                numbers=not_enough(t)))
        elif SESSIONS in group.figures:
            met.append("- " + t("{month}: {numbers}", month=month_name(t, day),
                                numbers=sessions_text(t, group.figures[SESSIONS])))
    if len(met) == 1:
        met.append("- " + t("no session was due yet"))
    elif (whole_met := figures.program.figures.get(SESSIONS)) is not None:
        line = "- " + t("{month}: {numbers}", month=t("Whole program"),
                        numbers=sessions_text(t, whole_met))
        if figures.left_out.get(SESSIONS):
            line += t(", without {months}", months=", ".join(
                month_name(t, m) for m in figures.left_out[SESSIONS]))
        met.append(line)
    sections = [intro, state_line, "\n".join(met)]
    focus = [(d, g) for d, g in figures.months if month is None or d == month]
    if focus:
        day, group = focus[-1]
        head = t("**{month}**", month=month_name(t, day))
        sections.append(head + ": " + not_enough(t) if group.tandems is None
                        else "\n".join([head, *_lines(t, group, {})]))
    whole = figures.program
    if whole.tandems is None:
        sections.append(t("**Whole program**") + ": " + not_enough(t))
    elif figures.months:
        sections.append("\n".join([t("**Whole program**"),
                                   *_lines(t, whole, figures.left_out)]))
    title = (t("Report for {program}: {month}", program=program.name,
               month=month_name(t, month)) if month is not None
             else t("Report for {program}", program=program.name))
    return Card(title, tuple(sections))


def _measure(figure: Figure) -> str:
    return f"{figure[0]}_{figure[1]}"


def report_csv(found: Report, today: date, program: Program) -> bytes:
    """The same aggregates as rows (see the module's docstring for the columns)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for state, n in tandem_states(found.tandems, today, program).items():
        writer.writerow(("now", "tandems", state, n))
    groups = [(day.strftime("%Y-%m"), group) for day, group in found.figures.months]
    groups.append(("all", found.figures.program))
    for month, group in groups:
        if group.tandems is None:
            writer.writerow((month, "tandems_counted", "hidden", ""))
            continue
        writer.writerow((month, "tandems_counted", "tandems", group.tandems))
        for figure, values in REPORT_FIGURES.items():
            shown = group.figures.get(figure)
            if shown is None:
                continue
            if isinstance(shown, Hidden):
                writer.writerow((month, _measure(figure), "hidden", ""))
                continue
            for value in values:
                writer.writerow((month, _measure(figure), value, shown.get(value, 0)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def report_chart(t: Translator, found: Report) -> bytes:
    from conversations.flows.report_chart import ChartLabels, ChartMonth, render

    months = []
    for day, group in found.figures.months:
        shown = group.figures.get(SESSIONS) if group.tandems is not None else HIDDEN
        label = t.date(day, "LLL y")
        if shown is None:
            continue
        if isinstance(shown, Hidden):
            months.append(ChartMonth(label, None, None))
        else:
            months.append(ChartMonth(label, shown.get("due", 0), shown.get("logged", 0)))
    ratings = found.figures.program.figures.get(("retro", "rating"))
    scores = dict(ratings) if ratings is not None and not isinstance(ratings, Hidden) else None
    labels = ChartLabels(
        title=t("Did they meet, and how was it?"), sessions=t("Sessions per month"),
        due=t("due"), logged=t("logged"), hidden=t("fewer than {k} tandems",
                                                    k=t.number(found.figures.min_group)),
        satisfaction=t("Retro satisfaction, whole program"), score=t("score (1–5)"),
        answers=t("answers"),
        no_scores=t("not enough retros to show without identifying anyone"),
        no_months=t("no session was due yet"))
    return render(months, scores, labels)


def report_replies(t: Translator, program: Program, found: Report, today: date,
                   month: date | None) -> list[Message]:
    from conversations.attachments import file_or_notice

    stamp = (month or today).strftime("%Y-%m")
    card = report_card(t, program, found, today, month)
    chart = file_or_notice(t, f"tandem-report-{stamp}.png", "image/png",
                           report_chart(t, found),
                           t("Sessions logged and due per month, and the retros' satisfaction"))
    table = file_or_notice(t, f"tandem-report-{stamp}.csv", "text/csv",
                           report_csv(found, today, program),
                           t("The report's figures as a table (CSV)"))
    files: list[Message] = [Text(x) if isinstance(x, str) else x for x in (chart, table)]
    return [card, *files]


async def report(ctx: Context, args: str, prefix: str) -> list[Reply]:
    today = program_today(ctx.program, ctx.now)
    found = await ctx.repos.report.report(ctx.program_id, ctx.program.min_group,
                                          ctx.program.timezone, today)
    # Drawing takes a quarter of a second: in a thread, so the bot goes on answering others.
    replies: list[Reply] = list(await asyncio.to_thread(
        report_replies, ctx.t, ctx.program, found, today, None))
    return replies


async def monthly_report(run: DueRun) -> None:
    """Each coordinator's report of the month just ended, once per month, in the first week
    of the next, for their first working moment."""
    program = run.program
    coordinators = sorted(program.coordinators)
    today = program_today(program, run.now)
    if not coordinators or today.day > MONTHLY_DAYS:
        return
    month = previous_month(today)
    if month > program.end or today <= program.start:
        return  # the month just ended was not one of the program's
    stamp = month.strftime("%Y-%m")
    keys = {c: f"report:{stamp}>{c}" for c in coordinators}
    last_day = next_month(month) - timedelta(days=1)
    async with run.store.unit() as repos:
        known = await repos.outbox.known(list(keys.values()))
        todo = [c for c in coordinators if keys[c] not in known]
        if not todo:
            return
        found = await repos.report.report(run.program_id, program.min_group, program.timezone,
                                          last_day, month)
        if not any(day == month for day, _ in found.figures.months):
            return  # nothing was due, logged or asked that month
        if run.dry_run:
            run.report.would_queue += [(keys[c], c) for c in todo]
            return
        readers = await repos.people.by_keys(todo)
    # Drawn outside the transaction (a quarter of a second each); a replica doing the same
    # meanwhile loses nothing: keys already queued are skipped.
    rows = []
    drawn: dict[str, list[Message]] = {}  # one chart per language, not one per reader
    for coordinator in todo:
        reader = readers.get(coordinator)
        t = translator_of(reader, program)
        when = next_working_moment(run.now, working_time_of(reader, program))
        if t.language not in drawn:
            drawn[t.language] = await asyncio.to_thread(report_replies, t, program, found,
                                                        today, month)
        replies = drawn[t.language]
        for suffix, body in zip(("", ":png", ":csv"), replies, strict=True):
            rows.append(Queued(f"report:{stamp}{suffix}>{coordinator}", coordinator,
                               message_to_dict(body), when))
    async with run.store.unit() as repos:
        new = await repos.outbox.enqueue_new(rows, run.now)
    run.report.queued += [r.dedupe_key for r in rows if r.dedupe_key in new]


ANSWERS = Flow(
    commands=(
        Command("report", ("report",), ("bericht",), report,
                (HelpLine("report", lambda t: t("the program's report: tandems by state, "
                                                "sessions logged against due, response "
                                                "rates and satisfaction, with a chart and "
                                                "a CSV"), 56, coordinator=True),),
                coordinator_only=True),
    ),
    due=(monthly_report,),
)
