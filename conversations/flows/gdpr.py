"""A person's data rights in chat: `my data` (`meine daten`, a JSON file of everything stored
about them), `forget me` (`vergiss mich`, confirmed: they leave and their personal data is
erased) and, for coordinators, `erase <person>` (`löschen <person>`, the same on someone's
request).

Erasing reuses the leave path (`membership.withdraw`: tandems end, partners are told
neutrally and go back to the waiting list, coordinators learn that a participant left), then
`storage/personal_data.erase` removes what names the person or holds what they typed, and
leaves an anonymous tombstone so counts still add up. The confirmation's value names the
person row as read (id and version): a double click, or two replicas at once, erase once.
Logged without content: no name, no id, no text.
"""

from __future__ import annotations

import logging
import re

from conversations.aggregates.enrollment import EnrollmentState
from conversations.attachments import file_or_notice
from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows import matching, membership
from conversations.flows.wording import person_name, translator_of
from conversations.replies import Button, Card, Reply, Text, as_update, message_to_dict
from conversations.working_time import notice_time
from storage.models import Person
from storage.personal_data import export_json, is_erased

log = logging.getLogger("tandem.privacy")

MINE = ("me", "mich", "me.", "mich.")
DATA = ("data", "daten")
_MENTION = re.compile(r"^<@([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$")


# --- my data ------------------------------------------------------------------------------

async def my_data(ctx: Context) -> list[Reply]:
    """Everything stored about the person asking, as one JSON file in their chat."""
    t = ctx.t
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is None:
        data = await ctx.repos.personal.contact_of(ctx.actor.key)
    else:
        data = await ctx.repos.personal.export(person.id)
    day = ctx.today().isoformat()
    found = file_or_notice(t, f"tandem-my-data-{day}.json", "application/json",
                           export_json(data), t("Your data in {program}",
                                                program=ctx.program.name))
    if isinstance(found, str):
        return [Text(found)]
    intro = Text(t("Here is everything **{program}** stores about you, as a JSON file: your "
                   "profile, sign-up answers, tandems (partners by name only), sessions, "
                   "your questionnaire answers with your own written answers, quick wins, "
                   "and messages waiting for you. Type `forget me` to have it erased.",
                   program=ctx.program.name))
    return [intro, found]


# --- forget me / erase ------------------------------------------------------------------------

def _value(person: Person) -> str:
    return f"{person.id}:{person.version}"


async def forget_me(ctx: Context, args: str) -> list[Reply]:
    t = ctx.t
    if args.strip().lower() not in MINE:
        return [Text(t("Did you mean `forget me`? It erases your personal data in Tandem "
                       "after you confirm."))]
    if ctx.program.is_coordinator(ctx.actor.key):
        return [Text(t("You are a coordinator of this program: you are named in the program "
                       "file. Ask whoever runs Tandem to remove you there first."))]
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is None:
        await ctx.repos.personal.forget_contact(ctx.actor.key)
        return [Text(t("Tandem stores no personal data about you. Nothing to erase."))]
    return [Card(
        t("Erase your data in {program}?", program=ctx.program.name),
        (t("If you confirm:") + "\n" + "\n".join(f"- {x}" for x in (
            t("you leave the program: your tandem ends, and your partner is told only that "
              "you left;"),
            t("your profile, sign-up answers, written answers, goals, quick-win drafts and "
              "messages waiting for you are deleted;"),
            t("what stays is anonymous: counts of sessions and scores that no longer name "
              "you;"),
            t("this cannot be undone."))),
         t("Want a copy first? Type `my data`.")),
        (Button("gdpr.forget", t("Yes, erase my data"), _value(person), "danger"),
         Button("gdpr.cancel", t("No, keep it"), "")),
    )]


async def erase_someone(ctx: Context, args: str) -> list[Reply]:
    t = ctx.t
    who = args.strip()
    if not who:
        return [Text(t("Whose data should be erased? For example `erase Mia Muster` (the name "
                       "as shown in `tandems`) or `erase slack:U0123ABC`."))]
    found = await _find(ctx, who)
    if isinstance(found, list):
        return found
    if ctx.program.is_coordinator(found.key):
        return [Text(t("That is a coordinator of this program, named in the program file. "
                       "Remove them there first."))]
    name = person_name(found, found.key)
    return [Card(
        t("Erase the data of {name}?", name=name),
        (t("They leave the program; their tandems end and their partners are told only that "
           "they left. Their profile, answers, written answers and messages are deleted; "
           "anonymous counts stay. This cannot be undone."),),
        (Button("gdpr.erase", t("Yes, erase"), _value(found), "danger"),
         Button("gdpr.cancel", t("Cancel"), "")),
    )]


async def _find(ctx: Context, who: str) -> Person | list[Reply]:
    """A person by key (`slack:U…`), Slack mention, platform user id or display name."""
    t = ctx.t
    mention = _MENTION.match(who)
    candidates = [who] if ":" in who else [f"{ctx.actor.platform}:{who}"]
    if mention:
        candidates = [f"{ctx.actor.platform}:{mention.group(1)}"]
    for key in candidates:
        person = await ctx.repos.people.by_key(key)
        if person is not None:
            return person
    named = await ctx.repos.people.named(who.removeprefix("@"))
    if len(named) == 1:
        return named[0]
    if named:
        return [Text(t("Several people are called that. Please give their platform key "
                       "instead, for example `erase slack:U0123ABC`."))]
    return [Text(t("I found nobody by that name or key. Use the name as shown in `tandems`, "
                   "or the platform key, for example `erase slack:U0123ABC`."))]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if action == "gdpr.cancel":
        return as_update([Text(t("Nothing was erased."))])
    if action not in ("gdpr.forget", "gdpr.erase"):
        return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]
    by_coordinator = action == "gdpr.erase"
    if by_coordinator and not ctx.program.is_coordinator(ctx.actor.key):
        return matching.refuse(ctx)
    raw_id, _, raw_version = value.partition(":")
    person_id = parse_id(raw_id)
    person = await ctx.repos.people.by_id(person_id) if person_id else None
    if person is None or is_erased(person):
        # This click's own event remembered how to reach them again: forget it once more.
        if not by_coordinator and await ctx.repos.people.by_key(ctx.actor.key) is None:
            await ctx.repos.personal.forget_contact(ctx.actor.key)
        return [Text(t("That data has already been erased. Nothing more to do."))]
    if not by_coordinator and person.key != ctx.actor.key:
        return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]
    if raw_version != str(person.version):
        return [Text(t("This confirmation is out of date: something changed since it was "
                       "shown. Nothing was erased; please ask again."))]
    await erase(ctx, person)
    log.info("a coordinator erased a participant's data" if by_coordinator
             else "a participant erased their own data")
    if by_coordinator:
        return as_update([Text(t("Done: that person's personal data has been erased. Their "
                                 "partners and the other coordinators were told that a "
                                 "participant left."))])
    return as_update([Text(t("Your personal data in **{program}** has been erased. Thank you "
                             "for taking part. If you write to Tandem again, it will not "
                             "know you.", program=ctx.program.name))])


async def erase(ctx: Context, person: Person) -> None:
    """The person leaves (the leave path: tandems end, partners and coordinators are told),
    then everything naming them or holding what they typed is erased."""
    key = person.key
    enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
    took_part = enrollment is not None
    if enrollment is not None and enrollment.status != EnrollmentState.WITHDRAWN:
        await membership.withdraw(ctx, enrollment, key)
    tandem_ids = [x.id for x in await ctx.repos.tandems.all_for(ctx.program_id, person.id)]
    tomb = await ctx.repos.personal.erase(person, tandem_ids)
    if not took_part:
        return
    for coordinator in sorted(ctx.program.coordinators - {ctx.actor.key, key}):
        reader = await ctx.repos.people.by_key(coordinator)
        tc = translator_of(reader, ctx.program)
        note = Text(tc("A participant has left **{program}** and their personal data has "
                       "been erased.", program=ctx.program.name))
        await ctx.repos.outbox.enqueue(f"{tomb}>{coordinator}", coordinator,
                                       message_to_dict(note), ctx.now,
                                       not_before=notice_time(ctx.now, reader, ctx.program))


ANSWERS = Flow(
    commands=(
        Command("forget", ("forget",), ("vergiss",),
                lambda ctx, args, prefix: forget_me(ctx, args),
                (HelpLine("forget me", lambda t: t("erase your personal data (asks first)"),
                          56),),
                sub_german=(("me", "mich"),)),
        Command("erase", ("erase",), ("löschen", "loeschen"),
                lambda ctx, args, prefix: erase_someone(ctx, args),
                (HelpLine("erase Mia Muster", lambda t: t("erase a participant's personal data "
                                                          "on their request (asks first)"),
                          65, coordinator=True),),
                coordinator_only=True),
    ),
    buttons=(("gdpr.", on_button),),
)
