"""Sharing a retro's written answers with the partner (in a circle: the circle).

Nothing is shared unless its author ticks it — in the retro's form, with the button after
finishing, or in `my retros`. Sharing sets `responses.shared_at`; each partner then gets one
message with the written answers as typed (once per retro, however often it is shared again)
and sees them in their `my retros` under the author's name for as long as it stays shared.
Stopping hides them there again. Scores and choices are never shared: only the free text.
"""

from __future__ import annotations

from conversations.context import Context
from conversations.flows.members import Members, members_of, names
from conversations.flows.wording import long_date, person_name, translator_of
from conversations.i18n import Translator
from conversations.questionnaire.kinds import QUESTIONNAIRES
from conversations.questionnaire.model import Situation
from conversations.replies import Button, Card, Reply, Text, message_to_dict, verbatim
from conversations.working_time import next_working_moment, working_time_of
from storage.models import Person, Response, Tandem
from storage.questionnaires import Given


def shareable(response: Response) -> bool:
    return QUESTIONNAIRES[response.kind].shareable


def situation_of(response: Response, tandem: Tandem) -> Situation:
    return Situation(role=response.role, format=tandem.format, ordinal=response.ordinal,
                     goals=tuple(tandem.goals or ()), deliverable=tandem.deliverable)


def written(t: Translator, response: Response, tandem: Tandem, given: dict[str, Given]
            ) -> list[tuple[str, str]]:
    """(question, answer as typed) of each free-text answer, in the questionnaire's order."""
    s = situation_of(response, tandem)
    return [(q.prompt(t, s), given[q.id].text or "")
            for q in QUESTIONNAIRES[response.kind].asked(s)
            if q.kind == "text" and q.id in given and given[q.id].text]


def quoted(question: str, answer: str) -> str:
    return f"**{question}**\n> " + verbatim(answer)


def share_button(t: Translator, response: Response, partners: str) -> Button:
    return Button("retro.share", t("Share my answers with {partner}", partner=partners),
                  str(response.id), "primary")


def unshare_button(t: Translator, response: Response) -> Button:
    return Button("retro.unshare", t("Stop sharing"), str(response.id))


async def share(ctx: Context, response: Response, tandem: Tandem, members: Members,
                author: Person) -> list[Reply]:
    """Share `response` (the actor's own) with the rest of its tandem; idempotent."""
    t = ctx.t
    partners = members.others(author.id)
    if not partners:
        return [Text(t("There is nobody in your tandem to share this with any more."))]
    if response.shared_at is not None:
        return [Text(t("You already share these answers with {partner}.",
                       partner=names(partners)))]
    response.shared_at = ctx.now
    given = await ctx.repos.responses.answers_of(response.id, with_text=True)
    told = []
    for partner in partners:
        tp = translator_of(partner, ctx.program)
        answers = written(tp, response, tandem, given)
        if not answers:
            continue  # nothing written yet: they see it in `my retros` once there is
        body = Card(tp("{name} shared their retro with you", name=person_name(author,
                                                                              author.key)),
                    (tp("Their written answers about your session on {date}, as they wrote "
                        "them. Only your tandem sees them.", date=long_date(tp, response.period)),
                     *(quoted(q, a) for q, a in answers),
                     tp("`my retros` shows them for as long as they share them.")))
        if await ctx.repos.outbox.enqueue(
                f"retro-shared:{response.id}>{partner.key}", partner.key,
                message_to_dict(body), ctx.now,
                not_before=next_working_moment(ctx.now, working_time_of(partner,
                                                                        ctx.program))):
            told.append(partner)
    who = names(partners)
    said = t("Shared with {partner}. They see your written answers (not your scores) in "
             "`my retros`; `my retros` also lets you stop sharing.", partner=who)
    if told:
        said += " " + t("{partner} gets them once in a message, which stays in their chat "
                        "even if you stop sharing later.", partner=names(told))
    return [Text(said)]


async def unshare(ctx: Context, response: Response, members: Members, author: Person
                  ) -> list[Reply]:
    t = ctx.t
    if response.shared_at is None:
        return [Text(t("These answers are not shared: only you see them."))]
    response.shared_at = None
    return [Text(t("Stopped sharing: {partner} no longer sees these answers in `my retros`. "
                   "A message they already got stays in their chat.",
                   partner=names(members.others(author.id))))]


async def set_shared(ctx: Context, response: Response, tandem: Tandem, on: bool
                     ) -> list[Reply]:
    """The form's checkbox: share or stop sharing, if that changes anything."""
    if not shareable(response) or on == (response.shared_at is not None):
        return []
    members = await members_of(ctx.repos, tandem)
    author = members.people.get(response.person_id)
    if author is None:
        return []
    if on:
        return await share(ctx, response, tandem, members, author)
    return await unshare(ctx, response, members, author)


async def offer(ctx: Context, response: Response, tandem: Tandem, given: dict[str, Given]
                ) -> list[Reply]:
    """After a retro is finished: the button to share it, when there is something written to
    share, someone to share it with, and it is not shared yet."""
    if response.shared_at is not None or not written(ctx.t, response, tandem, given):
        return []
    members = await members_of(ctx.repos, tandem)
    partners = members.others(response.person_id)
    if not partners:
        return []
    t = ctx.t
    who = names(partners)
    return [Card(t("Share with {partner}?", partner=who), (
        t("Your written answers are private. Share them, and {partner} gets them once in a "
          "message and sees them in `my retros`; you can stop sharing there at any time. "
          "Your scores stay private either way.", partner=who),),
        (share_button(t, response, who),))]
