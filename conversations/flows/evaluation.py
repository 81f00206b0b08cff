"""`evaluation` for coordinators: the questionnaires' totals, by month and for the whole
program, in the coordinator's language.

Everything shown comes from `repos.evaluation` (storage/evaluation.py), which reads no free
text and hands over no figure of fewer than `[privacy] min_group` tandems: this module only
words the numbers it is given. One card, a section per month, lines rather than tables (a
table breaks in Teams and in narrow Slack windows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.i18n import Translator
from conversations.replies import Card, Reply, Text
from storage.evaluation import FIGURES, Evaluation, Figure, Group, Hidden


def not_enough(t: Translator) -> str:
    return t("not enough tandems to show this without identifying anyone")


def month_name(t: Translator, month: date) -> str:
    return t.date(month, "LLLL y")  # "January 2027", "Januar 2027"


def percent(t: Translator, part: int, whole: int) -> str:
    return t("{n}%", n=t.number(round(100 * part / whole))) if whole else "–"


def figure_name(t: Translator, figure: Figure) -> str:
    # Literal msgids so the extractor finds them.
    names = {
        ("retro", "rate"): t("Retros answered"),
        ("retro", "rating"): t("How the sessions were (retros, 1–5)"),
        ("retro", "freely"): t("Mentors could speak freely (1–5)"),
        ("fit", "rate"): t("Pairing fit answered"),
        ("mid", "rate"): t("Mid-program check-ins answered"),
        ("mid", "rating"): t("Satisfaction at mid-program (1–5)"),
        ("mid", "goals"): t("Kick-off goals at mid-program"),
        ("final", "rate"): t("Final evaluations answered"),
        ("final", "rating"): t("Satisfaction with the program (1–5)"),
        ("final", "goals"): t("Kick-off goals at the end"),
        ("final", "continue"): t("Want to go on meeting after the program"),
    }
    return names[figure]


def _value_name(t: Translator, value: str) -> str:
    names = {"met": t("met"), "partly": t("partly"), "not_yet": t("not yet"),
             "yes": t("yes"), "no": t("no")}
    return names.get(value, value)


def figure_text(t: Translator, figure: Figure, counts: Counter[str]) -> str:
    """One figure's numbers, as a line of text."""
    _kind, name = figure
    if name == "rate":
        asked, done = counts["asked"], counts["completed"]
        return t("{done} of {asked} ({percent})", done=t.number(done), asked=t.number(asked),
                 percent=percent(t, done, asked))
    values = FIGURES[figure]
    if name == "continue":
        said = counts["yes"] + counts["no"]
        return t("{yes} of {n} said yes ({percent})", yes=t.number(counts["yes"]),
                 n=t.number(said), percent=percent(t, counts["yes"], said))
    if name in ("rating", "freely"):
        spread = " · ".join(f"{v}: {t.number(counts[v])}" for v in values)
        n = sum(counts[v] for v in values)
        mean = sum(int(v) * counts[v] for v in values) / n if n else 0
        return t("{spread} (average {mean})", spread=spread, mean=t.number(mean, 1))
    return " · ".join(f"{_value_name(t, v)}: {t.number(counts[v])}" for v in values)


def group_lines(t: Translator, group: Group, left_out: dict[Figure, tuple[date, ...]],
                figures: Iterable[Figure] = FIGURES,
                name_of: Callable[[Translator, Figure], str] = figure_name) -> list[str]:
    """A line per figure shown (the report passes its own figures and names)."""
    lines = []
    for figure in figures:
        shown = group.figures.get(figure)
        if shown is None:
            continue
        name = name_of(t, figure)
        if isinstance(shown, Hidden):
            lines.append("- " + t("{what}: {why}", what=name, why=not_enough(t)))
            continue
        line = "- " + t("{what}: {numbers}", what=name, numbers=figure_text(t, figure, shown))
        months = left_out.get(figure)
        if months:
            line += t(", without {months}", months=", ".join(month_name(t, m) for m in months))
        lines.append(line)
    return lines


def section(t: Translator, heading: str, group: Group,
            left_out: dict[Figure, tuple[date, ...]]) -> str:
    if group.tandems is None:
        return t("**{heading}**: {why}.", heading=heading, why=not_enough(t))
    head = t("**{heading}** — {n} tandems asked", heading=heading, n=t.number(group.tandems))
    return "\n".join([head, *group_lines(t, group, left_out)])


def evaluation_card(t: Translator, program: str, found: Evaluation) -> Card:
    intro = t("Totals of the questionnaires, never what anyone wrote. A month or figure of "
              "fewer than {k} tandems is not shown, and the whole program adds up only the "
              "months shown, so a hidden month cannot be worked out from it.",
              k=t.number(found.min_group))
    sections = [intro, section(t, t("Whole program"), found.program, found.left_out)]
    sections += [section(t, month_name(t, month), group, {})
                 for month, group in found.months]
    return Card(t("Evaluation of {program}", program=program), tuple(sections))


async def evaluation(ctx: Context, args: str, prefix: str) -> list[Reply]:
    found = await ctx.repos.evaluation.evaluation(ctx.program_id, ctx.program.min_group)
    if not found.months:
        return [Text(ctx.t("Nothing to evaluate yet: no retro or questionnaire has been "
                           "asked. Retros start after the first logged sessions."))]
    return [evaluation_card(ctx.t, ctx.program.name, found)]


ANSWERS = Flow(commands=(
    Command("evaluation", ("evaluation", "evaluate"), ("auswertung", "evaluierung"),
            evaluation,
            (HelpLine("evaluation", lambda t: t("the questionnaires' totals by month, never "
                                                "what anyone wrote"), 55, coordinator=True),),
            coordinator_only=True),
))
