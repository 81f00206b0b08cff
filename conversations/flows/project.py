"""The project format's part of the kick-off: one shared deliverable and its target date.

Instead of open-ended sessions a project tandem works towards one concrete result (the seeds'
example: the junior helps the senior evaluate an AI tool for their workflows). The kick-off
is complete only when the deliverable (one sentence) and a target date inside the program's
run are recorded; any member may set or change them, and the others are told.
"""

from __future__ import annotations

from datetime import date

from conversations.context import Context
from conversations.flows.wording import as_text, form_texts, long_date, parse_day
from conversations.i18n import Translator
from conversations.replies import Field, Form, verbatim
from conversations.sanitize import is_blank
from storage.models import Tandem

PROJECT = "project"
MAX_DELIVERABLE = 300


def is_project(tandem: Tandem) -> bool:
    return tandem.format == PROJECT


def agreed(tandem: Tandem) -> bool:
    return not is_project(tandem) or (tandem.deliverable is not None
                                      and tandem.target_date is not None)


def describe(t: Translator, tandem: Tandem) -> str:
    """"Deliverable: … (by 30 June 2027)" for status lines; empty when not a project."""
    if not is_project(tandem) or tandem.deliverable is None or tandem.target_date is None:
        return ""
    return t("Deliverable: {deliverable} (by {date})", deliverable=verbatim(tandem.deliverable),
             date=long_date(t, tandem.target_date))


def project_form(ctx: Context, tandem: Tandem,
                 values: dict[str, str | list[str]] | None = None) -> Form:
    t = ctx.t
    values = values or {}

    def pick(key: str, current: str | None) -> str | None:
        v = values.get(key)
        return (v if isinstance(v, str) else None) if values else current

    target = tandem.target_date
    return Form(
        form_id=f"project:{tandem.id}",
        title=t("Deliverable and target date"),
        intro=t("What will you have made together, and by when? One sentence, for example "
                "“An evaluation of an AI tool for our team's reporting”."),
        fields=(
            Field("deliverable", t("Deliverable (one sentence)"), "text", required=True,
                  initial=pick("deliverable", tandem.deliverable)),
            Field("target", t("Target date ({example})", example=_example(t, ctx)), "text",
                  required=True, initial=pick("target", _typed(t, target) if target else None)),
        ),
        submit_label=t("Save"),
        cancel_label=t("Cancel"),
        open_action="kickoff.project", open_value=str(tandem.id), **form_texts(t),
        check=lambda answers: check_project(ctx, answers)[0],
    )


def _typed(t: Translator, day: date) -> str:
    """A date as the reader types it: 30.06.2027 in German, 2027-06-30 otherwise."""
    return day.strftime("%d.%m.%Y") if t.language == "de" else day.isoformat()


def _example(t: Translator, ctx: Context) -> str:
    return _typed(t, ctx.program.end)


def check_project(ctx: Context, values: dict[str, str | list[str]]
                  ) -> tuple[dict[str, str], tuple[str, date | None]]:
    """The form's rules: (errors by field, (deliverable, target date))."""
    t = ctx.t
    errors = {}
    deliverable = " ".join(as_text(values.get("deliverable")).split())
    if is_blank(deliverable):
        errors["deliverable"] = t("Please describe the deliverable in one sentence.")
    elif len(deliverable) > MAX_DELIVERABLE:
        errors["deliverable"] = t("Please keep the deliverable under {n} characters.",
                                  n=MAX_DELIVERABLE)
    target = parse_day(as_text(values.get("target")))
    today, end = ctx.today(), ctx.program.end
    if target is None:
        errors["target"] = t("Please give a date like {example}.", example=_example(t, ctx))
    elif target <= today:
        errors["target"] = t("Please choose a target date after today.")
    elif target > end:
        errors["target"] = t("Please choose a date inside the program, which ends on {date}.",
                             date=long_date(t, end))
    return errors, (deliverable, target)
