"""The quick win form: one or two sentences (at most `MAX_QUICK_WIN` characters), an
optional program topic, and whether the person's own name may appear. Its rules are the
form's `check`, so the console checks each answer as it is given; the flow checks again."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.context import Context
from conversations.flows.wording import as_text, form_texts
from conversations.replies import Choice, Field, Form
from conversations.sanitize import is_blank
from storage.models import MAX_QUICK_WIN, QuickWin

Values = dict[str, str | list[str]]


@dataclass(frozen=True)
class Draft:
    text: str
    topic: str | None
    named: bool



def check(ctx: Context, values: Values, *, whole: bool = True
          ) -> tuple[dict[str, str], Draft | None]:
    """The form's rules: (errors by field, the draft or None). `whole`: a submission."""
    t = ctx.t
    errors: dict[str, str] = {}
    text = " ".join(as_text(values.get("text")).split())
    if (whole or "text" in values) and (not text or is_blank(text)):
        errors["text"] = t("Please write your quick win in one or two sentences.")
    elif len(text) > MAX_QUICK_WIN:
        errors["text"] = t("That is {n} characters; a quick win fits in {most}. Please "
                           "shorten it to one or two sentences.", n=t.number(len(text)),
                           most=t.number(MAX_QUICK_WIN))
    topic = as_text(values.get("topic")) or None
    if topic is not None and ctx.program.topic(topic) is None:
        errors["topic"] = t("Please choose one of the listed topics, or none.")
    named = as_text(values.get("names")) == "yes"
    if errors or not text:
        return errors, None
    return errors, Draft(text, topic, named)


def win_form(ctx: Context, form_id: str, *, values: Values | None = None,
             win: QuickWin | None = None, named: bool = False, text: str = "",
             open_action: str = "wins.draft", open_value: str = "",
             own: bool = False) -> Form:
    """The quick win form: new, or prefilled with `win` (an edit), or with `values` (a
    refused submission)."""
    t = ctx.t
    given = values or {}

    def pick(key: str, current: str | None) -> str | None:
        value = given.get(key)
        return (value if isinstance(value, str) else None) if given else current

    topics = tuple(Choice(x.id, x.label(t.language)) for x in ctx.program.topics)
    fields = (
        Field("text", t("Your quick win: one or two sentences (up to {n} characters)",
                        n=MAX_QUICK_WIN), "text", required=True,
              initial=pick("text", win.text if win else (text or None)),
              hint=t("Posted exactly as written, once everyone in your tandem approved it.")
              if not own else t("Posted exactly as written.")),
        Field("topic", t("Topic (optional)"), "single", topics,
              initial=pick("topic", win.topic if win else None)),
        Field("names", t("Show my name with it?"), "single",
              (Choice("yes", t("Yes, show my name")), Choice("no", t("No, leave my name out"))),
              required=True, initial=pick("names", "yes" if named else "no")),
    )
    intro = (t("Posted to the program's quick-wins channel right away, in the program's "
               "language.") if own else
             t("Share what worked. Your partner approves the exact text before anything is "
               "posted, and each of you decides whether your name appears."))
    return Form(form_id, t("Change the quick win") if win else t("Share a quick win"), intro,
                fields, t("Save") if win else t("Share"), t("Cancel"),
                open_action=open_action, open_value=open_value, **form_texts(t),
                check=lambda answers: check(ctx, answers, whole=False)[0])
