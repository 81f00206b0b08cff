"""**Raise a concern**: a button on every retro question and check-in (and the `concern`
command) opens a small form; what is written goes privately to the coordinators, at once.

The author's name goes with it only when they tick "include my name". Without it the
coordinators read "a participant of the program" and nothing else that points to a person:
no tandem, no partner, no session, no date, and the message's dedupe key is random, not the
person's. The text is kept nowhere but in that message (the outbox deletes a body once sent).
"""

from __future__ import annotations

import secrets

from conversations.aggregates import tandem as tandem_states
from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows.members import members_of, partners_text
from conversations.flows.wording import accepted, form_texts, person_name, translator_of
from conversations.i18n import Translator
from conversations.questionnaire.answers import storable
from conversations.replies import (
    Button,
    Card,
    Choice,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    message_to_dict,
    verbatim,
)
from storage.models import Person, Tandem

FORM = "concern"  # form id "concern:<tandem id, or 0 when raised without a card>"
MAX_CONCERN = 1000
Values = dict[str, str | list[str]]


def concern_button(t: Translator, tandem_id: int) -> Button:
    """The button on a retro question or a check-in: the tandem it came from, so a named
    concern can say which (an anonymous one never does)."""
    return Button("concern.raise", t("Raise a concern"), str(tandem_id))


def concern_form(t: Translator, tandem_id: int, values: Values | None = None) -> Form:
    typed = values.get("concern") if values else None
    named = values.get("named") if values else None
    return Form(
        f"{FORM}:{tandem_id}", t("Raise a concern"),
        t("This goes privately to the program coordinators — never to your partner. If you "
          "leave your name out, they read only “a participant of the program”: not your "
          "name, your tandem or your sessions. What you write may still tell them who you "
          "are, so read it once more before you send it."),
        (Field("concern", t("What is the concern?"), "text", required=True,
               initial=typed if isinstance(typed, str) else None,
               hint=t("At most {most} characters.", most=t.number(MAX_CONCERN))),
         Field("named", t("Your name"), "checkbox",
               choices=(Choice("yes", t("Include my name")),),
               initial=("yes",) if _ticked(named) else None)),
        t("Send to the coordinators"), t("Cancel"),
        open_action="concern.raise", open_value=str(tandem_id), **form_texts(t),
        check=lambda v: _errors(t, v))


def _ticked(value: str | list[str] | None) -> bool:
    """A checkbox's "yes": a list (Slack, the console) or a comma-separated text (Teams)."""
    if isinstance(value, list):
        return "yes" in value
    return "yes" in (value or "").split(",")


def _errors(t: Translator, values: Values) -> dict[str, str]:
    raw = values.get("concern")
    text = storable(raw) if isinstance(raw, str) else ""
    if not text:
        return {"concern": t("Please write what the concern is.")}
    if len(text) > MAX_CONCERN:
        return {"concern": t("That is {count} characters; at most {most} fit. Please shorten "
                             "it — nothing was sent yet.", count=t.number(len(text)),
                             most=t.number(MAX_CONCERN))}
    return {}


async def open_form(ctx: Context, action: str, value: str) -> list[Reply]:
    if not ctx.program.coordinators:
        return [_no_coordinators(ctx.t)]
    return [concern_form(ctx.t, parse_id(value) or 0)]


async def command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    return await open_form(ctx, "concern.raise", "0")


def _no_coordinators(t: Translator) -> Text:
    return Text(t("This program has no coordinators configured yet; please contact your HR "
                  "team directly."))


async def submit(ctx: Context, form_id: str, values: Values) -> list[Reply]:
    t = ctx.t
    tandem_id = parse_id(form_id.partition(":")[2]) or 0
    errors = _errors(t, values)
    if errors:
        return [FormErrors(form_id, errors, concern_form(t, tandem_id, values))]
    if not ctx.program.coordinators:
        return [FormAccepted(form_id, accepted(t)), _no_coordinators(t)]
    raw = values.get("concern")
    text = storable(raw if isinstance(raw, str) else "")
    named = _ticked(values.get("named"))
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandem = await ctx.repos.tandems.get(tandem_id) if named and tandem_id else None
    if tandem is not None and (me is None or tandem.program_id != ctx.program_id
                               or tandem_states.member(tandem, me.id) is None):
        tandem = None  # not theirs (any more): the concern goes without it
    # Random, so that not even the outbox's key says whose concern it was.
    token = secrets.token_hex(8)
    readers = await ctx.repos.people.by_keys(sorted(ctx.program.coordinators))
    for coordinator in sorted(ctx.program.coordinators):
        tc = translator_of(readers.get(coordinator), ctx.program)
        body = await _message(ctx, tc, text, me if named else None, tandem)
        await ctx.repos.outbox.enqueue(f"concern:{token}:{coordinator}", coordinator,
                                       message_to_dict(body), ctx.now)
    said = (t("Sent privately to the coordinators, with your name.") if named else
            t("Sent privately to the coordinators, without your name: they read “a "
              "participant of the program”."))
    return [FormAccepted(form_id, accepted(t)), Text(said)]


async def _message(ctx: Context, tc: Translator, text: str, author: Person | None,
                   tandem: Tandem | None) -> Card:
    quoted = "> " + verbatim(text)
    if author is None:
        return Card(tc("A concern"), (
            tc("A participant of the program raised a concern. They chose not to give their "
               "name: I do not tell you who they are or which tandem they are in."),
            quoted))
    who = person_name(author, author.key)
    if tandem is None:
        intro = tc("**{who}** raised a concern.", who=who)
    else:
        members = await members_of(ctx.repos, tandem)
        intro = tc("**{who}** raised a concern (tandem #{id}, with {partner}). Their partner "
                   "has not been told.", who=who, id=tandem.id,
                   partner=partners_text(members, author.id))
    return Card(tc("A concern"), (intro, quoted, tc("Reply to them directly.")))


ANSWERS = Flow(
    commands=(
        Command("concern", ("concern",), ("anliegen",), command,
                (HelpLine("concern", lambda t: t("privately raise a concern with the "
                                                 "coordinators, with or without your name"),
                          49),)),
    ),
    buttons=(("concern.", open_form),),
    forms=((f"{FORM}:", submit),),
)
