"""Quick wins: a tandem shares what worked, in the program's channel, with everyone's consent.

Either member drafts one (`win`, or the button after a retro rated 4 or 5): one or two
sentences, an optional topic, and whether their own name may appear. Every current member
approves the exact text (a `QuickWinConsent` for its current revision), each choosing for
their own name; an edit is a new revision, so the others' approvals no longer count and they
are asked again with the new text; a withdrawal tells everyone and posts nothing. With
`[quick_wins] curate = true` a coordinator says **Post** or **Hold** last. Then it goes to
each configured channel through the outbox (`quick_win_posts.py`), exactly once. A
coordinator's own `win` needs no one else's consent and is posted at once.

Every approval writes the quick win itself (its version): two members approving at once
collide, and the second, run again, sees the first's approval and posts — once.
"""

from __future__ import annotations

from conversations.aggregates.tandem import TandemState
from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows import quick_win_list
from conversations.flows.matching import refuse
from conversations.flows.members import members_of, names, partners_text
from conversations.flows.questionnaires import when_done
from conversations.flows.quick_win_curation import curate, post_own, retry
from conversations.flows.quick_win_form import Draft, Values, check, win_form
from conversations.flows.quick_win_members import (
    Mine,
    approved,
    member_of,
    not_yours,
    of_member,
    revision_of,
    state_text,
    tell,
    waiting_for,
)
from conversations.flows.quick_win_posts import (
    credit_line,
    queue_posts,
    settle_posts,
    weekly_digest,
)
from conversations.flows.quick_win_wording import (
    BLOCKED,
    CURATING,
    HELD,
    OPEN,
    UNPOSTED,
    WITHDRAWN,
    Credit,
    approval_card,
    byline,
    curation_card,
    own_card,
    quoted,
)
from conversations.flows.wording import accepted, translator_of
from conversations.replies import (
    Button,
    Card,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    Update,
    message_to_dict,
    verbatim,
)
from storage.models import QuickWin, QuickWinConsent, Response, Tandem
from storage.questionnaires import Given
from storage.quick_wins import touch

DRAFT_FORM = "win"  # "win:<tandem id>"
EDIT_FORM = "winedit"  # "winedit:<quick win id>:<revision>"
OWN_FORM = "winown"  # "winown:new", a coordinator's own



# --- commands -----------------------------------------------------------------------------


def _no_channel(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This program has no quick-wins channel yet, so quick wins cannot be "
                       "shared. The coordinators can set one up (`[quick_wins]` in the "
                       "program file)."))]


async def win_command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """`win` (or `win 12` for one of several tandems; other words start the text)."""
    t = ctx.t
    if not ctx.program.quick_wins_channels:
        return _no_channel(ctx)
    if ctx.program.is_coordinator(ctx.actor.key):
        return [win_form(ctx, f"{OWN_FORM}:new", text=args, open_action="wins.own", own=True)]
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandems = await ctx.repos.tandems.current_for(ctx.program_id, me.id) if me else []
    active = [x for x in tandems if x.status == TandemState.ACTIVE]
    if me is None or not active:
        return [Text(t("You can share a quick win once your tandem is active. Type `status` "
                       "to see where you stand."))]
    number = parse_id(args) if args and len(args.split()) == 1 else None
    chosen = next((x for x in active if x.id == number), None)
    text = "" if chosen is not None else args
    if chosen is None and len(active) == 1:
        chosen = active[0]
    if chosen is not None:
        return [win_form(ctx, f"{DRAFT_FORM}:{chosen.id}", text=text,
                         open_value=str(chosen.id))]
    buttons = []
    for tandem in active:
        members = await members_of(ctx.repos, tandem)
        buttons.append(Button("wins.draft", t("#{id} with {partner}", id=tandem.id,
                                               partner=partners_text(members, me.id)),
                              str(tandem.id)))
    return [Card(t("Share a quick win"), (t("Which tandem is it from?"),), tuple(buttons))]


# --- drafting, approving, changing, withdrawing --------------------------------------------


async def _ask_others(ctx: Context, win: QuickWin, mine: Mine, *, changed: bool) -> None:
    """The approval card to each member who has not approved this revision; it follows the
    person's own action, so it goes at once."""
    for other in waiting_for(win, mine):
        tp = translator_of(other, ctx.program)
        anonymous = byline(tp, [Credit(p, False, None) for p in mine.members.current()])
        card = approval_card(tp, ctx.program, win, mine.me, anonymous, changed=changed)
        await ctx.repos.outbox.enqueue(f"win-ask:{win.id}.{win.revision}>{other.key}",
                                       other.key, message_to_dict(card), ctx.now)


async def _draft(ctx: Context, mine: Mine, draft: Draft) -> list[Reply]:
    now = ctx.now
    win = QuickWin(program_id=ctx.program_id, tandem_id=mine.tandem.id, author_id=mine.me.id,
                   text=draft.text, topic=draft.topic, status=OPEN, revision=1,
                   created_at=now, updated_at=now)
    win.consents = [QuickWinConsent(person_id=p.id, updated_at=now,
                                    approved_revision=1 if p.id == mine.me.id else None,
                                    show_name=draft.named if p.id == mine.me.id else False)
                    for p in mine.members.current()]
    await ctx.repos.quick_wins.add(win)
    if not waiting_for(win, mine):
        return await _agreed(ctx, win, mine)
    await _ask_others(ctx, win, mine, changed=False)
    return [own_card(ctx.t, win, names(waiting_for(win, mine)))]


async def _approve(ctx: Context, win: QuickWin, mine: Mine, revision: int | None,
                   named: bool) -> list[Reply]:
    t = ctx.t
    if win.status != OPEN:
        return [Update(Text(state_text(ctx, win)))]
    if revision != win.revision:
        return [Text(t("The text was changed meanwhile, so your approval would not be for "
                       "what is posted. The current version:")), await _card_for(ctx, win, mine)]
    consent = ctx.repos.quick_wins.consent(win, mine.me.id, ctx.now)
    consent.approved_revision, consent.show_name, consent.updated_at = (
        win.revision, named, ctx.now)
    touch(win, ctx.now)
    waiting = waiting_for(win, mine)
    done = (t("You approved it, with your name.") if named else
            t("You approved it, without your name."))
    if waiting:
        return [Update(Text(done + " " + t("Waiting for {people} to approve this exact text.",
                                           people=names(waiting))))]
    return [Update(Text(done)), *await _agreed(ctx, win, mine)]


async def _agreed(ctx: Context, win: QuickWin, mine: Mine) -> list[Reply]:
    """Everyone approved the current text: a coordinator's last look, or the channels."""
    t, others = ctx.t, mine.members.others(mine.me.id)
    key = f"win-agreed:{win.id}.{win.revision}"
    if ctx.program.quick_wins_curate:
        win.status = CURATING
        touch(win, ctx.now)
        for coordinator in sorted(ctx.program.coordinators):
            reader = await ctx.repos.people.by_key(coordinator)
            tc = translator_of(reader, ctx.program)
            card = curation_card(tc, ctx.program, win, await credit_line(
                ctx.repos, ctx.program, ctx.program_id, win, tc))
            await ctx.repos.outbox.enqueue(f"win-curate:{win.id}.{win.revision}>{coordinator}",
                                           coordinator, message_to_dict(card), ctx.now)
        await tell(ctx, others, key, lambda tp: tp(
            "Everyone approved the quick win. A coordinator has a last look before it is "
            "posted."))
        return [Text(t("Everyone approved the quick win. A coordinator has a last look "
                       "before it is posted."))]
    await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, ctx.now)
    await tell(ctx, others, key, lambda tp: tp(
        "Everyone approved the quick win: it is being posted to the program's quick-wins "
        "channel."))
    return [Text(t("Everyone approved the quick win: it is being posted to the program's "
                   "quick-wins channel."))]


async def _change(ctx: Context, win: QuickWin, mine: Mine, draft: Draft) -> list[Reply]:
    t = ctx.t
    if (draft.text, draft.topic) == (win.text, win.topic):
        # Only their own name choice: an approval of the text as it is.
        if win.status != OPEN:
            return [Text(t("Nothing in the text changed.") + " " + state_text(ctx, win))]
        replies = await _approve(ctx, win, mine, win.revision, draft.named)
        return [r.body if isinstance(r, Update) else r for r in replies]
    win.text, win.topic, win.revision = draft.text, draft.topic, win.revision + 1
    win.status, win.decided_by = OPEN, None
    consent = ctx.repos.quick_wins.consent(win, mine.me.id, ctx.now)
    consent.approved_revision, consent.show_name, consent.updated_at = (
        win.revision, draft.named, ctx.now)
    touch(win, ctx.now)
    await _ask_others(ctx, win, mine, changed=True)
    waiting = names(waiting_for(win, mine))
    return [Text(t("Changed. The new text goes to {people} for approval; nothing is posted "
                   "before.", people=waiting)), own_card(t, win, waiting)]


async def _withdraw(ctx: Context, win: QuickWin, mine: Mine) -> list[Reply]:
    t = ctx.t
    if win.status not in (*UNPOSTED, BLOCKED):
        return [Update(Text(state_text(ctx, win)))]
    was, text = win.status, win.text
    if was == BLOCKED:  # its refused posts are not retried, and their text goes
        for row in await ctx.repos.quick_wins.posts([win.id]):
            await ctx.repos.outbox.dismiss(row.id)
    win.status, win.text = WITHDRAWN, ""  # nothing kept of what was never posted
    touch(win, ctx.now)
    who = mine.me.display_name or mine.me.key.split(":", 1)[-1]
    key = f"win-withdrawn:{win.id}"
    await tell(ctx, mine.members.others(mine.me.id), key, lambda tp: tp(
        "{who} withdrew the quick win “{text}” — nothing was posted.", who=verbatim(who),
        text=verbatim(text)))
    if was in (CURATING, HELD, BLOCKED):
        coordinators = await ctx.repos.people.by_keys(sorted(ctx.program.coordinators))
        for key_ in sorted(ctx.program.coordinators):
            tc = translator_of(coordinators.get(key_), ctx.program)
            await ctx.repos.outbox.enqueue(f"{key}>{key_}", key_, message_to_dict(Text(tc(
                "A tandem withdrew its quick win “{text}” — nothing was posted.",
                text=verbatim(text)))), ctx.now)
    return [Update(Text(t("Withdrawn: nothing was posted, and the others in your tandem are "
                          "told.")))]


async def _card_for(ctx: Context, win: QuickWin, mine: Mine) -> Card:
    """The card this member should see for `win` now."""
    t = ctx.t
    if win.status == OPEN and not approved(win, mine.me.id):
        author = await ctx.repos.people.by_id(win.author_id) if win.author_id else None
        anonymous = byline(t, [Credit(p, False, None) for p in mine.members.current()])
        return approval_card(t, ctx.program, win, author or mine.me, anonymous,
                             changed=win.revision > 1)
    if win.status == OPEN:
        return own_card(t, win, names(waiting_for(win, mine)))
    return Card(t("Your quick win"), (quoted(win), state_text(ctx, win)))


# --- buttons and forms ----------------------------------------------------------------------


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if action in ("wins.post", "wins.hold"):
        return await curate(ctx, action, value)
    if action == "wins.retry":
        return await retry(ctx, value)
    if action == "wins.own":
        if not ctx.program.is_coordinator(ctx.actor.key):
            return refuse(ctx)
        return [win_form(ctx, f"{OWN_FORM}:new", open_action="wins.own", own=True)]
    if action == "wins.draft":
        tandem_id = parse_id(value)
        mine = await member_of(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
        if mine is None:
            return not_yours(ctx)
        if not ctx.program.quick_wins_channels:
            return _no_channel(ctx)
        if mine.tandem.status != TandemState.ACTIVE:
            return [Text(t("You can share a quick win once your tandem is active. Type "
                           "`status` to see where you stand."))]
        return [win_form(ctx, f"{DRAFT_FORM}:{mine.tandem.id}", open_value=value)]
    found = await of_member(ctx, value)
    if isinstance(found, list):
        return found
    win, mine = found
    if action in ("wins.approve_named", "wins.approve_anon"):
        return await _approve(ctx, win, mine, revision_of(value),
                              named=action == "wins.approve_named")
    if action == "wins.edit":
        if win.status not in UNPOSTED:
            return [Text(state_text(ctx, win))]
        consent = next((c for c in win.consents if c.person_id == mine.me.id), None)
        return [win_form(ctx, f"{EDIT_FORM}:{win.id}:{win.revision}", win=win,
                         named=bool(consent and consent.show_name), open_action="wins.edit",
                         open_value=f"{win.id}:{win.revision}")]
    if action == "wins.withdraw":
        if win.status not in (*UNPOSTED, BLOCKED):
            return [Text(state_text(ctx, win))]
        return [Card(t("Withdraw this quick win?"), (
            quoted(win), t("Everyone in your tandem is told, and nothing is posted.")),
            (Button("wins.withdraw_yes", t("Yes, withdraw it"), str(win.id), "danger"),
             Button("wins.keep", t("Keep it"), str(win.id))))]
    if action == "wins.withdraw_yes":
        return await _withdraw(ctx, win, mine)
    if action == "wins.keep":
        return [Update(Text(t("Nothing changed: the quick win stays as it is.")))]
    if action == "wins.show":
        return [await _card_for(ctx, win, mine)]
    return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]


async def on_form(ctx: Context, form_id: str, values: Values) -> list[Reply]:
    t = ctx.t
    kind, _, rest = form_id.partition(":")
    done = FormAccepted(form_id, accepted(t))
    if not ctx.program.quick_wins_channels:
        return [done, *_no_channel(ctx)]
    errors, draft = check(ctx, values)
    if kind == OWN_FORM:
        if not ctx.program.is_coordinator(ctx.actor.key):
            return [done, *refuse(ctx)]
        if errors or draft is None:
            return [FormErrors(form_id, errors, win_form(
                ctx, form_id, values=values, open_action="wins.own", own=True))]
        return [done, *await post_own(ctx, draft)]
    if kind == EDIT_FORM:
        found = await of_member(ctx, rest)
        if isinstance(found, list):
            return [done, *found]
        win, mine = found
        if win.status not in UNPOSTED:
            return [done, Text(state_text(ctx, win))]
        if revision_of(rest) != win.revision:
            return [done, Text(t("Someone in your tandem changed it meanwhile, so your "
                                 "changes were not saved. The current version:")),
                    await _card_for(ctx, win, mine)]
        if errors or draft is None:
            return [FormErrors(form_id, errors, win_form(
                ctx, form_id, values=values, win=win, open_action="wins.edit",
                open_value=rest))]
        return [done, *await _change(ctx, win, mine, draft)]
    tandem_id = parse_id(rest)
    mine_ = await member_of(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
    if mine_ is None:
        return [done, *not_yours(ctx)]
    if mine_.tandem.status != TandemState.ACTIVE:
        return [done, Text(t("You can share a quick win once your tandem is active. Type "
                             "`status` to see where you stand."))]
    if errors or draft is None:
        return [FormErrors(form_id, errors, win_form(ctx, form_id, values=values,
                                                     open_value=rest))]
    return [done, *await _draft(ctx, mine_, draft)]


# --- after a good retro ---------------------------------------------------------------------

GOOD = 4  # a retro's rating from which a quick win is suggested


async def after_retro(ctx: Context, response: Response, tandem: Tandem,
                      answers: dict[str, Given]) -> list[Reply]:
    """A retro rated 4 or 5 offers to share a quick win from the session."""
    rating = answers.get("rating")
    if (rating is None or rating.number is None or rating.number < GOOD
            or not ctx.program.quick_wins_channels or tandem.status != TandemState.ACTIVE):
        return []
    t = ctx.t
    return [Card(t("Share a quick win?"), (
        t("Glad the session went well! If something worked that others in the program could "
          "learn from, share it as a quick win: your partner approves the text first, and "
          "each of you decides whether your name appears."),),
        (Button("wins.draft", t("Share a quick win"), str(tandem.id), "primary"),))]


when_done("retro", after_retro)

ANSWERS = Flow(
    commands=(
        Command("win", ("win", "quickwin"), ("erfolg",), win_command,
                (HelpLine("win", lambda t: t("share a quick win of your tandem in the "
                                             "program's channel, once you all approved it"),
                          48),
                 HelpLine("win", lambda t: t("post a quick win to the program's channel "
                                             "yourself"), 48, coordinator=True))),
        Command("wins", ("wins", "quickwins"), ("erfolge",), quick_win_list.wins_command,
                (HelpLine("wins", lambda t: t("the program's quick wins"), 49),)),
    ),
    buttons=(("wins.", on_button),),
    forms=((f"{DRAFT_FORM}:", on_form), (f"{EDIT_FORM}:", on_form), (f"{OWN_FORM}:", on_form)),
    due=(settle_posts, weekly_digest),
)
