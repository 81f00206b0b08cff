"""Every flow's table merged into one: the commands people type, buttons, forms, and the
due work each tick runs (`Flow(due=...)`, in the order of `FLOWS`).

A flow declares what it answers (`ANSWERS = Flow(...)` at the end of its module); adding a flow
means adding it to `FLOWS`. `merge` rejects a word, button or form claimed twice, so a clash
fails at import, not in a conversation. `help` is built from the tables' help lines.
"""

from __future__ import annotations

from conversations.commands import Command, Flow, HelpLine, merge
from conversations.context import Context
from conversations.flows import (
    checkins,
    concerns,
    evaluation,
    evaluations,
    gdpr,
    home,
    hours,
    kickoff,
    kickoff_nudges,
    matching,
    membership,
    my_retros,
    questionnaire_reminders,
    questionnaires,
    quick_wins,
    report,
    sessions,
    signup,
    tandems,
    undelivered,
)
from conversations.flows.wording import menu
from conversations.replies import Reply, Text, verbatim


def help_text(ctx: Context, prefix: str) -> list[Reply]:
    t, table = ctx.t, TABLE
    text = (t("**Tandem** runs the reverse mentoring program **{program}**. You can use:",
              program=ctx.program.name) + "\n" + menu(t, prefix, table.help_lines(False)))
    if ctx.program.is_coordinator(ctx.actor.key):
        text += "\n\n" + t("As a coordinator you can also use:") + "\n" + menu(
            t, prefix, table.help_lines(True))
    return [Text(text)]


def unknown(ctx: Context, word: str, prefix: str) -> list[Reply]:
    t = ctx.t
    shown = verbatim(word if len(word) <= 30 else word[:30] + "…")  # shown as typed
    return [Text(t("I don't know `{word}`. You can use:", word=shown) + "\n"
                 + menu(t, prefix, TABLE.help_lines(False)))]


async def _help(ctx: Context, args: str, prefix: str) -> list[Reply]:
    return help_text(ctx, prefix)


HELP = Flow(commands=(Command("help", ("help",), ("hilfe",), _help,
                              (HelpLine("help", lambda t: t("show this list"), 70),),
                              neutral=("?",)),))
FLOWS: tuple[Flow, ...] = (signup.ANSWERS, membership.ANSWERS, tandems.ANSWERS, matching.ANSWERS,
                           kickoff.ANSWERS, kickoff_nudges.ANSWERS, checkins.ANSWERS,
                           sessions.ANSWERS, questionnaires.ANSWERS, evaluations.ANSWERS,
                           questionnaire_reminders.ANSWERS, my_retros.ANSWERS, concerns.ANSWERS,
                           quick_wins.ANSWERS, undelivered.ANSWERS, evaluation.ANSWERS,
                           report.ANSWERS, hours.ANSWERS, gdpr.ANSWERS, home.ANSWERS, HELP)
TABLE = merge(*FLOWS)
