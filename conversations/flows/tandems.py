"""Coordinators list and dissolve tandems; a participant can privately ask for a change."""

from __future__ import annotations

from conversations.commands import parse_id
from conversations.context import Context
from conversations.flows.kickoff import missing, mode_name
from conversations.flows.matching import refuse
from conversations.flows.wording import person_name, translator_for, translator_of
from conversations.replies import Reply, Text, message_to_dict, verbatim

MAX_REASON = 500


async def list_tandems(ctx: Context) -> list[Reply]:
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    t = ctx.t
    tandems = await ctx.repos.tandems.current(ctx.program_id)
    if not tandems:
        return [Text(t("There are no tandems yet. Type `match` to propose some."))]
    people = await ctx.repos.people.by_ids(
        sorted({x for tandem in tandems for x in (tandem.mentor_id, tandem.mentee_id)}))
    lines = []
    for tandem in tandems:
        mentor, mentee = people[tandem.mentor_id], people[tandem.mentee_id]
        head = f"#{tandem.id} " + t("{mentor} (mentor) ↔ {mentee} (mentee)",
                                    mentor=person_name(mentor, mentor.key),
                                    mentee=person_name(mentee, mentee.key))
        if tandem.status == "active":
            lines.append(f"- {head}: " + t("active, every {days} days ({mode})",
                                           days=tandem.cadence_days,
                                           mode=mode_name(t, tandem.mode)))
        else:
            todo = missing(tandem, t, person_name(mentor, mentor.key),
                           person_name(mentee, mentee.key))
            lines.append(f"- {head}: " + t("kick-off, missing: {todo}", todo="; ".join(todo)))
    return [Text(t("**Tandems ({n})**", n=len(tandems)) + "\n" + "\n".join(lines) + "\n\n"
                 + t("To end one: `dissolve <number>`."))]


async def dissolve(ctx: Context, args: str) -> list[Reply]:
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    t = ctx.t
    tandem_id = parse_id(args.strip().split(" ", 1)[0])
    tandem = await ctx.repos.tandems.get(tandem_id) if tandem_id is not None else None
    if tandem is None or tandem.program_id != ctx.program_id or tandem.status == "dissolved":
        return [Text(t("Please give the number of a current tandem, for example "
                       "`dissolve 12`. Type `tandems` to see them."))]
    tandem.status, tandem.dissolved_at = "dissolved", ctx.now
    people = await ctx.repos.people.by_ids([tandem.mentor_id, tandem.mentee_id])
    mentor, mentee = people[tandem.mentor_id], people[tandem.mentee_id]
    # Not proposed together again; both go back to the waiting list for the next round.
    await ctx.repos.matches.reject(ctx.program_id, mentor.key, mentee.key, ctx.actor.key,
                                   ctx.now)
    for person in (mentor, mentee):
        tp = translator_of(person, ctx.program)
        body = Text(tp("The program coordination has ended your tandem in **{program}**. "
                       "Thank you for the time you invested. You are back on the waiting list "
                       "and will be considered for a new tandem in the next round.",
                       program=ctx.program.name))
        await ctx.repos.outbox.enqueue(f"dissolved:{tandem.id}:{person.key}", person.key,
                                       message_to_dict(body), ctx.now)
    return [Text(t("Tandem #{id} ({mentor} ↔ {mentee}) is dissolved. Both were told kindly "
                   "and are back on the waiting list; type `match` to re-match them.",
                   id=tandem.id, mentor=person_name(mentor, mentor.key),
                   mentee=person_name(mentee, mentee.key)))]


async def request_change(ctx: Context, reason: str) -> list[Reply]:
    t = ctx.t
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandems = await ctx.repos.tandems.current_for(ctx.program_id, me.id) if me else []
    if me is None or not tandems:
        return [Text(t("You are not in a tandem right now, so there is nothing to change. "
                       "Type `status` to see where you stand."))]
    if not ctx.program.coordinators:
        return [Text(t("This program has no coordinators configured yet; please contact your "
                       "HR team directly."))]
    reason = " ".join(reason.split())[:MAX_REASON]
    ids = ", ".join(f"#{x.id}" for x in tandems)
    for coordinator in sorted(ctx.program.coordinators):
        tc = await translator_for(ctx.repos, coordinator, ctx.program)
        body = Text(tc("**{who}** privately asks for a change to their tandem {ids}. Their "
                       "partner has not been told.", who=person_name(me, me.key), ids=ids)
                    + (("\n\n> " + verbatim(reason)) if reason else "") + "\n\n"
                    + tc("Reply to them directly; to end the tandem: `dissolve <number>`."))
        await ctx.repos.outbox.enqueue(f"change:{me.key}:{ctx.now.isoformat()}:{coordinator}",
                                       coordinator, message_to_dict(body), ctx.now)
    return [Text(t("Your request went privately to the program coordinators. Your partner has "
                   "not been told. A coordinator will get in touch with you."))]
