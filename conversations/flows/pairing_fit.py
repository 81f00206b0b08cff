"""The pairing fit: after a tandem's first logged session each member is asked privately,
after their retro of it, *Is this a good fit?* (yes / not sure / no).

"No" — then, or changed to it later in `my retros` — reaches the coordinators privately
(queued at once, sent in their working time) — never the partner — with a **Find a new
partner** button: it opens the confirmation of `dissolve` with "not a good fit" offered
first (`tandems.py`), and ending the tandem there records the pair as rejected, so both go
back to the waiting list and the next match run does not propose them to each other again.
"Not sure" tells nobody: one session is early to judge, and the person is reminded that
`change` reaches the coordinators privately whenever they want.
"""

from __future__ import annotations

from conversations.aggregates.tandem import TandemState
from conversations.context import Context
from conversations.flows.circle_wording import is_circle
from conversations.flows.members import Members, members_of, partners_text
from conversations.flows.questionnaires import Asking, put_to, when_done
from conversations.flows.wording import person_name, translator_of
from conversations.i18n import Translator
from conversations.replies import Button, Card, Reply, Text, message_to_dict
from conversations.working_time import notice_time
from storage.models import Person, Response, SessionRow, Tandem
from storage.questionnaires import Ask, Given

KIND = "fit"


async def ask_after_first(ctx: Context, members: Members, row: SessionRow) -> None:
    """Queue the fit for each current member when `row` is the tandem's first session (put
    after the retro, so it reaches them after it). Asked once per member and tandem."""
    tandem = members.tandem
    if [s.id for s in await ctx.repos.sessions.of(tandem.id)] != [row.id]:
        return
    asks = [Ask(ctx.program_id, tandem.id, p.id, KIND, KIND, members.role_of(p.id) or "peer",
                row.held_on) for p in members.current()]
    await put_to(Asking(ctx.repos, ctx.program, ctx.now), asks,
                 {p.id: p for p in members.current()}, {tandem.id: tandem})


async def after_fit(ctx: Context, response: Response, tandem: Tandem,
                    answers: dict[str, Given]) -> list[Reply]:
    given = answers.get("fit")
    choice = given.choice if given is not None else None
    t = ctx.t
    members = await members_of(ctx.repos, tandem)
    partner = partners_text(members, response.person_id)
    if choice == "unsure":
        return [Text(t("Thanks — one session is early to tell. If it does not get better, "
                       "`change` privately asks the coordinators for a change; {partner} is "
                       "not told.", partner=partner))]
    if choice != "no" or tandem.status == TandemState.DISSOLVED:
        return []
    me = members.people.get(response.person_id)
    if me is None or not ctx.program.coordinators:
        return [Text(t("Thank you for being honest. This program has no coordinators "
                       "configured yet; please contact your HR team directly."))]
    for coordinator in sorted(ctx.program.coordinators):
        # Queued now, sent in their working time like every notice to a coordinator.
        reader = await ctx.repos.people.by_key(coordinator)
        tc = translator_of(reader, ctx.program)
        await ctx.repos.outbox.enqueue(f"fit-no:{response.id}:{coordinator}", coordinator,
                                       message_to_dict(_no_card(tc, members, me)), ctx.now,
                                       not_before=notice_time(ctx.now, reader, ctx.program))
    return [Text(t("Thank you for being honest. Your answer went privately to the program "
                   "coordinators; {partner} is not told. A coordinator will get in touch "
                   "with you.", partner=partner))]


def _no_card(t: Translator, members: Members, me: Person) -> Card:
    tandem = members.tandem
    facts = {"who": person_name(me, me.key), "id": tandem.id,
             "partner": partners_text(members, me.id)}
    circle = is_circle(tandem)
    return Card(t("Pairing fit: not a good fit"), (
        (t("**{who}** answered privately after the first session that their circle #{id} "
           "(with {partner}) is not a good fit. The others have not been told.", **facts)
         if circle else
         t("**{who}** answered privately after the first session that tandem #{id} (with "
           "{partner}) is not a good fit. {partner} has not been told.", **facts)),
        (t("You may want to talk to {who} first. **End the circle** asks you to confirm, "
           "then ends it: everyone is told kindly that it ends, not why, goes back to the "
           "waiting list and is matched anew.", **facts) if circle else
         t("You may want to talk to {who} first. **Find a new partner** asks you to "
           "confirm, then ends the tandem: both are told kindly that it ends, not why, go "
           "back to the waiting list, and the next `match` will not propose them to each "
           "other again.", **facts)),
    ), (Button("tandems.end", t("End the circle") if circle else t("Find a new partner"),
               f"{tandem.id}:no_fit", "danger"),))


when_done(KIND, after_fit, on_change=True)
