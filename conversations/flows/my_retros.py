"""`my retros` (`meine retros`): a person's own questionnaires, latest first, with their own
answers as they gave them — free text included, for their eyes only — each with a button to
change the answers and, for a retro, to share it with the partner or stop sharing; then the
retros partners shared with them, under the partner's name.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows import gdpr, retro_sharing
from conversations.flows.members import Members, members_of, names
from conversations.flows.questionnaires import (
    MY,
    is_mine,
    prompt_of,
    questions_of,
    title_of,
)
from conversations.flows.wording import long_date, person_name
from conversations.i18n import Translator
from conversations.questionnaire.answers import choices_of
from conversations.questionnaire.model import Question
from conversations.replies import Button, Card, Reply, Text, Update, verbatim
from storage.models import Person, Response, Tandem
from storage.questionnaires import Given

SHOWN = 5  # own questionnaires shown, and as many shared by partners


def _day(ctx: Context, person: Person, moment_of: Response) -> str:
    moment = moment_of.completed_at or moment_of.asked_at
    zone = person.timezone or ctx.program.timezone
    try:
        day = moment.astimezone(ZoneInfo(zone)).date()
    except (KeyError, ValueError, OSError):
        day = moment.astimezone(ZoneInfo(ctx.program.timezone)).date()
    return long_date(ctx.t, day)


def _answer(t: Translator, question: Question, given: Given | None) -> str:
    if given is None:
        return t("_Not answered yet._")
    if given.skipped:
        return t("_Skipped._")
    if given.text:
        return "> " + verbatim(given.text)
    if given.number is not None:
        label = str(given.number)
    else:
        label = dict(choices_of(t, question)).get(given.choice or "", given.choice or "")
    return t("Your answer: **{answer}**", answer=label)


async def own_card(ctx: Context, me: Person, response: Response, tandem: Tandem,
                   members: Members) -> Card:
    t = ctx.t
    given = await ctx.repos.responses.answers_of(response.id, with_text=True)
    questions = questions_of(response, tandem)
    status = (t("Finished on {date}.", date=_day(ctx, me, response))
              if response.completed_at is not None else
              t("Open: type `retro` to go on, or answer in the form."))
    sections = [status]
    buttons = [Button("q.form", t("Change my answers"), str(response.id))]
    partners = members.others(me.id)
    if retro_sharing.shareable(response) and partners:
        who = names(partners)
        if response.shared_at is not None:
            sections.append(t("Shared with {partner}: they see your written answers.",
                              partner=who))
            buttons.append(retro_sharing.unshare_button(t, response))
        else:
            sections.append(t("Private: only you see your written answers."))
            if retro_sharing.written(t, response, tandem, given):  # something to share
                buttons.append(retro_sharing.share_button(t, response, who))
    sections += [prompt_of(t, q, response, tandem) + "\n" + _answer(t, q, given.get(q.id))
                 for q in questions]
    return Card(title_of(t, response), tuple(sections), tuple(buttons))


async def shared_card(ctx: Context, response: Response, tandem: Tandem,
                      author: Person) -> Card:
    """A partner's shared retro: only its written answers (their scores stay theirs)."""
    t = ctx.t
    given = await ctx.repos.responses.answers_of(response.id, with_text=True)
    answers = retro_sharing.written(t, response, tandem, given)
    return Card(t("Shared with you by {name}", name=person_name(author, author.key)), (
        t("Their retro of your session on {date}.", date=long_date(t, response.period)),
        *(retro_sharing.quoted(q, a) for q, a in answers),
        *(() if answers else (t("Nothing written yet."),))))


async def show(ctx: Context, args: str, prefix: str) -> list[Reply]:
    t = ctx.t
    if args.strip().lower().strip(".!?") in gdpr.DATA:  # `my data`, `meine daten`
        return await gdpr.my_data(ctx)
    if not is_mine(args):
        return [Text(t("Did you mean `my retros`? It shows your retros and questionnaires "
                       "with your answers."))]
    me = await ctx.repos.people.by_key(ctx.actor.key)
    own = await ctx.repos.responses.of_person(me.id, SHOWN) if me else []
    shared = await ctx.repos.responses.shared_with(me.id, SHOWN) if me else []
    if me is None or not (own or shared):
        return [Text(t("You have no retros or questionnaires yet. After each session you "
                       "log, I ask you a few short questions; your answers show up here."))]
    tandems: dict[int, Members] = {}
    for response in own + shared:
        if response.tandem_id not in tandems:
            tandem = await ctx.repos.tandems.get(response.tandem_id)
            if tandem is not None:
                tandems[tandem.id] = await members_of(ctx.repos, tandem)
    replies: list[Reply] = [Text(t("Your latest retros and questionnaires, newest first. "
                                   "Your written answers are yours alone unless you share "
                                   "a retro."))]
    for response in own:
        if (members := tandems.get(response.tandem_id)) is not None:
            replies.append(await own_card(ctx, me, response, members.tandem, members))
    for response in shared:
        members = tandems.get(response.tandem_id)
        author = members.people.get(response.person_id) if members else None
        if members is not None and author is not None:
            replies.append(await shared_card(ctx, response, members.tandem, author))
    return replies


async def _own(ctx: Context, value: str
               ) -> tuple[Person, Response, Members] | list[Reply]:
    response = await ctx.repos.responses.get(parse_id(value) or 0)
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandem = await ctx.repos.tandems.get(response.tandem_id) if response else None
    if (response is None or me is None or tandem is None or response.person_id != me.id
            or not retro_sharing.shareable(response)):
        return [Text(ctx.t("This button is no longer in use. Type `help` to see what you "
                           "can do."))]
    return me, response, await members_of(ctx.repos, tandem)


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    found = await _own(ctx, value)
    if isinstance(found, list):
        return found
    me, response, members = found
    if action == "retro.share":
        said = await retro_sharing.share(ctx, response, members.tandem, members, me)
    else:
        said = await retro_sharing.unshare(ctx, response, members, me)
    # The card clicked (the offer after finishing, or one of `my retros`) shows what is
    # shared now, with the button that undoes it.
    return [Update(await own_card(ctx, me, response, members.tandem, members)), *said]


ANSWERS = Flow(
    commands=(
        Command(MY, (MY, "retros"), ("meine", "rückblicke"), show,
                (HelpLine("my retros", lambda t: t("your retros and questionnaires with your "
                                                   "answers: change them, share a retro"),
                          48),
                 HelpLine("my data", lambda t: t("everything Tandem stores about you, as a "
                                                 "file"), 55)),
                sub_german=(("data", "daten"),)),
    ),
    buttons=(("retro.", on_button),),
)
