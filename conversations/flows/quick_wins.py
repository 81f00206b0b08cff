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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.tandem import TandemState
from conversations.commands import Command, Flow, HelpLine, parse_id, parse_number
from conversations.context import Context
from conversations.flows.matching import refuse
from conversations.flows.members import Members, members_of, names, partners_text
from conversations.flows.questionnaires import when_done
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
    POSTED,
    POSTING,
    UNPOSTED,
    WITHDRAWN,
    Credit,
    approval_card,
    byline,
    curation_card,
    own_card,
    quoted,
    summary,
)
from conversations.flows.wording import accepted, as_text, form_texts, translator_of
from conversations.i18n import Translator
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
    Update,
    message_to_dict,
    verbatim,
)
from conversations.sanitize import is_blank
from storage.models import MAX_QUICK_WIN, Person, QuickWin, QuickWinConsent, Response, Tandem
from storage.questionnaires import Given
from storage.quick_wins import touch

DRAFT_FORM = "win"  # "win:<tandem id>"
EDIT_FORM = "winedit"  # "winedit:<quick win id>:<revision>"
OWN_FORM = "winown"  # "winown:new", a coordinator's own
LISTED = 10  # posted quick wins `wins` shows, the latest
WITH_BUTTONS = 5  # waiting ones shown with their buttons
Values = dict[str, str | list[str]]


@dataclass(frozen=True)
class Draft:
    text: str
    topic: str | None
    named: bool


@dataclass(frozen=True)
class Mine:
    """A tandem of the person acting, and who they are in it."""
    members: Members
    me: Person

    @property
    def tandem(self) -> Tandem:
        return self.members.tandem


# --- reading the form ---------------------------------------------------------------------


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


# --- whose is it --------------------------------------------------------------------------


async def _mine(ctx: Context, tandem: Tandem | None) -> Mine | None:
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if (tandem is None or me is None or tandem.program_id != ctx.program_id
            or tandem.status == TandemState.DISSOLVED
            or tandem_states.member(tandem, me.id) is None):
        return None
    return Mine(await members_of(ctx.repos, tandem), me)


def _not_yours(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This quick win belongs to a tandem you are not part of, or it is "
                       "gone. Type `wins` to see the program's quick wins."))]


async def _win(ctx: Context, raw: str) -> QuickWin | None:
    win = await ctx.repos.quick_wins.get(parse_id(raw.split(":")[0]) or 0)
    return win if win is not None and win.program_id == ctx.program_id else None


async def _of_member(ctx: Context, raw: str) -> tuple[QuickWin, Mine] | list[Reply]:
    win = await _win(ctx, raw)
    if win is None or win.tandem_id is None:
        return _not_yours(ctx)
    mine = await _mine(ctx, await ctx.repos.tandems.get(win.tandem_id))
    return (win, mine) if mine else _not_yours(ctx)


def _revision(raw: str) -> int | None:
    return parse_number(raw.partition(":")[2], 1, 10_000)


def _approved(win: QuickWin, person_id: int) -> bool:
    return any(c.person_id == person_id and c.approved_revision == win.revision
               for c in win.consents)


def _waiting_for(win: QuickWin, mine: Mine) -> list[Person]:
    return [p for p in mine.members.current() if not _approved(win, p.id)]


def _state_text(ctx: Context, win: QuickWin) -> str:
    """Why a quick win can no longer be approved, changed or withdrawn."""
    t = ctx.t
    return {
        WITHDRAWN: t("This quick win was withdrawn: nothing was posted."),
        CURATING: t("Everyone approved this quick win; it waits for a coordinator's "
                    "decision."),
        HELD: t("The coordinators are holding this quick win back for now."),
        POSTING: t("This quick win is already approved and on its way to the quick-wins "
                   "channel."),
        BLOCKED: t("This quick win is approved, but the channel did not take it yet: the "
                   "coordinators are told how to fix it."),
        POSTED: t("This quick win is already posted in the quick-wins channel."),
    }.get(win.status, t("Nothing changed."))


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
    for other in _waiting_for(win, mine):
        tp = translator_of(other, ctx.program)
        anonymous = byline(tp, [Credit(p, False, None) for p in mine.members.current()])
        card = approval_card(tp, ctx.program, win, mine.me, anonymous, changed=changed)
        await ctx.repos.outbox.enqueue(f"win-ask:{win.id}.{win.revision}>{other.key}",
                                       other.key, message_to_dict(card), ctx.now)


async def _tell(ctx: Context, people: list[Person], key: str,
                say: Callable[[Translator], str]) -> None:
    """One line to each of `people`, in their language, at once (it follows an action)."""
    for person in people:
        tp = translator_of(person, ctx.program)
        await ctx.repos.outbox.enqueue(f"{key}>{person.key}", person.key,
                                       message_to_dict(Text(say(tp))), ctx.now)


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
    if not _waiting_for(win, mine):
        return await _agreed(ctx, win, mine)
    await _ask_others(ctx, win, mine, changed=False)
    return [own_card(ctx.t, win, names(_waiting_for(win, mine)))]


async def _approve(ctx: Context, win: QuickWin, mine: Mine, revision: int | None,
                   named: bool) -> list[Reply]:
    t = ctx.t
    if win.status != OPEN:
        return [Update(Text(_state_text(ctx, win)))]
    if revision != win.revision:
        return [Text(t("The text was changed meanwhile, so your approval would not be for "
                       "what is posted. The current version:")), await _card_for(ctx, win, mine)]
    consent = ctx.repos.quick_wins.consent(win, mine.me.id, ctx.now)
    consent.approved_revision, consent.show_name, consent.updated_at = (
        win.revision, named, ctx.now)
    touch(win, ctx.now)
    waiting = _waiting_for(win, mine)
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
        await _tell(ctx, others, key, lambda tp: tp(
            "Everyone approved the quick win. A coordinator has a last look before it is "
            "posted."))
        return [Text(t("Everyone approved the quick win. A coordinator has a last look "
                       "before it is posted."))]
    await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, ctx.now)
    await _tell(ctx, others, key, lambda tp: tp(
        "Everyone approved the quick win: it is being posted to the program's quick-wins "
        "channel."))
    return [Text(t("Everyone approved the quick win: it is being posted to the program's "
                   "quick-wins channel."))]


async def _change(ctx: Context, win: QuickWin, mine: Mine, draft: Draft) -> list[Reply]:
    t = ctx.t
    if (draft.text, draft.topic) == (win.text, win.topic):
        # Only their own name choice: an approval of the text as it is.
        if win.status != OPEN:
            return [Text(t("Nothing in the text changed.") + " " + _state_text(ctx, win))]
        replies = await _approve(ctx, win, mine, win.revision, draft.named)
        return [r.body if isinstance(r, Update) else r for r in replies]
    win.text, win.topic, win.revision = draft.text, draft.topic, win.revision + 1
    win.status, win.decided_by = OPEN, None
    consent = ctx.repos.quick_wins.consent(win, mine.me.id, ctx.now)
    consent.approved_revision, consent.show_name, consent.updated_at = (
        win.revision, draft.named, ctx.now)
    touch(win, ctx.now)
    await _ask_others(ctx, win, mine, changed=True)
    waiting = names(_waiting_for(win, mine))
    return [Text(t("Changed. The new text goes to {people} for approval; nothing is posted "
                   "before.", people=waiting)), own_card(t, win, waiting)]


async def _withdraw(ctx: Context, win: QuickWin, mine: Mine) -> list[Reply]:
    t = ctx.t
    if win.status not in (*UNPOSTED, BLOCKED):
        return [Update(Text(_state_text(ctx, win)))]
    was, text = win.status, win.text
    if was == BLOCKED:  # its refused posts are not retried, and their text goes
        for row in await ctx.repos.quick_wins.posts([win.id]):
            await ctx.repos.outbox.dismiss(row.id)
    win.status, win.text = WITHDRAWN, ""  # nothing kept of what was never posted
    touch(win, ctx.now)
    who = mine.me.display_name or mine.me.key.split(":", 1)[-1]
    key = f"win-withdrawn:{win.id}"
    await _tell(ctx, mine.members.others(mine.me.id), key, lambda tp: tp(
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
    if win.status == OPEN and not _approved(win, mine.me.id):
        author = await ctx.repos.people.by_id(win.author_id) if win.author_id else None
        anonymous = byline(t, [Credit(p, False, None) for p in mine.members.current()])
        return approval_card(t, ctx.program, win, author or mine.me, anonymous,
                             changed=win.revision > 1)
    if win.status == OPEN:
        return own_card(t, win, names(_waiting_for(win, mine)))
    return Card(t("Your quick win"), (quoted(win), _state_text(ctx, win)))


# --- coordinators --------------------------------------------------------------------------


async def _curate(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    win = await _win(ctx, value)
    if win is None:
        return [Text(t("That quick win is no longer there. Type `wins` to see the others."))]
    allowed = (CURATING, HELD) if action == "wins.post" else (CURATING,)
    if win.status not in allowed:
        return [Update(Text(_state_text(ctx, win)))]
    if _revision(value) != win.revision:
        return [Update(Text(t("The tandem changed the text meanwhile; it comes back to you "
                              "once they approved the new one.")))]
    win.decided_by = ctx.actor.key
    members = await _members_of(ctx, win)
    if action == "wins.post":
        await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, ctx.now)
        await _tell(ctx, members, f"win-posted:{win.id}.{win.revision}", lambda tp: tp(
            "A coordinator approved your quick win: it is being posted to the program's "
            "quick-wins channel."))
        return [Update(Text(t("Posted: the quick win is on its way to the quick-wins "
                              "channel, and the tandem is told.")))]
    win.status = HELD
    touch(win, ctx.now)
    await _tell(ctx, members, f"win-held:{win.id}.{win.revision}", lambda tp: tp(
        "The coordinators are holding your quick win back for now: nothing was posted. If "
        "you change it, they look at it again."))
    return [Update(Text(t("Held: nothing is posted, and the tandem is told. You can still "
                          "post it from `wins`.")))]


async def _members_of(ctx: Context, win: QuickWin) -> list[Person]:
    tandem = await ctx.repos.tandems.get(win.tandem_id) if win.tandem_id else None
    return (await members_of(ctx.repos, tandem)).current() if tandem else []


async def _retry(ctx: Context, value: str) -> list[Reply]:
    t = ctx.t
    win = await _win(ctx, value)
    me = await ctx.repos.people.by_key(ctx.actor.key)
    allowed = win is not None and (
        ctx.program.is_coordinator(ctx.actor.key)
        or (me is not None and me.id in {p.id for p in await _members_of(ctx, win)}))
    if win is None or not allowed:
        return _not_yours(ctx)
    if win.status != BLOCKED:
        return [Update(Text(_state_text(ctx, win)))]
    for row in await ctx.repos.quick_wins.posts([win.id]):
        await ctx.repos.outbox.retry(row.id, ctx.now)  # the refused ones: once each
    win.status = POSTING
    touch(win, ctx.now)
    return [Update(Text(t("Trying again: the quick win is on its way to the quick-wins "
                          "channel.")))]


async def _own(ctx: Context, draft: Draft) -> list[Reply]:
    """A coordinator's own quick win: posted at once, no one else's consent needed."""
    me = await ctx.repos.people.by_key(ctx.actor.key)
    now = ctx.now
    win = QuickWin(program_id=ctx.program_id, tandem_id=None, author_id=me.id if me else None,
                   text=draft.text, topic=draft.topic, status=OPEN, revision=1,
                   created_at=now, updated_at=now, decided_by=ctx.actor.key)
    if me is not None:
        win.consents = [QuickWinConsent(person_id=me.id, approved_revision=1,
                                        show_name=draft.named, updated_at=now)]
    await ctx.repos.quick_wins.add(win)
    await queue_posts(ctx.repos, ctx.program, ctx.program_id, win, now)
    return [Text(ctx.t("Your quick win is on its way to the program's quick-wins channel."))]


# --- buttons and forms ----------------------------------------------------------------------


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if action in ("wins.post", "wins.hold"):
        return await _curate(ctx, action, value)
    if action == "wins.retry":
        return await _retry(ctx, value)
    if action == "wins.own":
        if not ctx.program.is_coordinator(ctx.actor.key):
            return refuse(ctx)
        return [win_form(ctx, f"{OWN_FORM}:new", open_action="wins.own", own=True)]
    if action == "wins.draft":
        tandem_id = parse_id(value)
        mine = await _mine(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
        if mine is None:
            return _not_yours(ctx)
        if not ctx.program.quick_wins_channels:
            return _no_channel(ctx)
        if mine.tandem.status != TandemState.ACTIVE:
            return [Text(t("You can share a quick win once your tandem is active. Type "
                           "`status` to see where you stand."))]
        return [win_form(ctx, f"{DRAFT_FORM}:{mine.tandem.id}", open_value=value)]
    found = await _of_member(ctx, value)
    if isinstance(found, list):
        return found
    win, mine = found
    if action in ("wins.approve_named", "wins.approve_anon"):
        return await _approve(ctx, win, mine, _revision(value),
                              named=action == "wins.approve_named")
    if action == "wins.edit":
        if win.status not in UNPOSTED:
            return [Text(_state_text(ctx, win))]
        consent = next((c for c in win.consents if c.person_id == mine.me.id), None)
        return [win_form(ctx, f"{EDIT_FORM}:{win.id}:{win.revision}", win=win,
                         named=bool(consent and consent.show_name), open_action="wins.edit",
                         open_value=f"{win.id}:{win.revision}")]
    if action == "wins.withdraw":
        if win.status not in (*UNPOSTED, BLOCKED):
            return [Text(_state_text(ctx, win))]
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
        return [done, *await _own(ctx, draft)]
    if kind == EDIT_FORM:
        found = await _of_member(ctx, rest)
        if isinstance(found, list):
            return [done, *found]
        win, mine = found
        if win.status not in UNPOSTED:
            return [done, Text(_state_text(ctx, win))]
        if _revision(rest) != win.revision:
            return [done, Text(t("Someone in your tandem changed it meanwhile, so your "
                                 "changes were not saved. The current version:")),
                    await _card_for(ctx, win, mine)]
        if errors or draft is None:
            return [FormErrors(form_id, errors, win_form(
                ctx, form_id, values=values, win=win, open_action="wins.edit",
                open_value=rest))]
        return [done, *await _change(ctx, win, mine, draft)]
    tandem_id = parse_id(rest)
    mine_ = await _mine(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
    if mine_ is None:
        return [done, *_not_yours(ctx)]
    if mine_.tandem.status != TandemState.ACTIVE:
        return [done, Text(t("You can share a quick win once your tandem is active. Type "
                             "`status` to see where you stand."))]
    if errors or draft is None:
        return [FormErrors(form_id, errors, win_form(ctx, form_id, values=values,
                                                     open_value=rest))]
    return [done, *await _draft(ctx, mine_, draft)]


# --- `wins` --------------------------------------------------------------------------------


async def wins_command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """The program's posted quick wins, latest first; the person's own drafts; and for
    coordinators what waits for them."""
    t, repos = ctx.t, ctx.repos
    candidates = await repos.quick_wins.with_status(ctx.program_id, (POSTING, POSTED, BLOCKED))
    sent: dict[int, datetime] = {}  # a quick win's first post that went out
    for row in await repos.quick_wins.posts([w.id for w in candidates]):
        if row.sent_at is not None:
            win_id = int(row.dedupe_key.split(":")[1])
            sent[win_id] = min(row.sent_at, sent.get(win_id, row.sent_at))
    posted = sorted((w for w in candidates if w.id in sent),
                    key=lambda w: (sent[w.id], w.id), reverse=True)
    zone = ZoneInfo(ctx.program.timezone)
    lines = []
    for win in posted[:LISTED]:
        day = sent[win.id].astimezone(zone).date()
        credit = await credit_line(repos, ctx.program, ctx.program_id, win, t)
        lines.append("- " + t("{date}: “{text}” — {credit}", date=t.date(day, "medium"),
                              text=verbatim(win.text), credit=credit))
    sections = ["\n".join(lines) if lines else
                t("No quick win has been posted yet. Share yours with `win`.")]
    buttons: list[Button] = []
    me = await repos.people.by_key(ctx.actor.key)
    tandems = await repos.tandems.current_for(ctx.program_id, me.id) if me else []
    drafts = await repos.quick_wins.of_tandems([x.id for x in tandems], UNPOSTED)
    if drafts:
        sections.append(t("Your tandem's drafts:") + "\n" + "\n".join(
            "- " + _draft_line(t, w) for w in drafts))
        buttons += [Button("wins.show", t("Show #{id}", id=w.id), str(w.id))
                    for w in drafts[:WITH_BUTTONS]]
    if ctx.program.is_coordinator(ctx.actor.key):
        waiting = await repos.quick_wins.with_status(ctx.program_id, (CURATING, HELD, BLOCKED))
        for win in waiting[:WITH_BUTTONS * 2]:
            credit = await credit_line(repos, ctx.program, ctx.program_id, win, t)
            sections.append(_waiting_title(t, win) + "\n" + summary(t, ctx.program, win,
                                                                    credit))
            value = f"{win.id}:{win.revision}"
            if win.status == CURATING:
                buttons += [Button("wins.post", t("Post #{id}", id=win.id), value, "primary"),
                            Button("wins.hold", t("Hold #{id}", id=win.id), value)]
            elif win.status == HELD:
                buttons.append(Button("wins.post", t("Post #{id}", id=win.id), value))
            else:
                buttons.append(Button("wins.retry", t("Retry #{id}", id=win.id),
                                      str(win.id), "primary"))
    title = t("Quick wins of {program}", program=ctx.program.name)
    return [Card(title, tuple(sections), tuple(buttons))]


def _draft_line(t: Translator, win: QuickWin) -> str:
    state = {OPEN: t("waiting for approval"), CURATING: t("waiting for a coordinator"),
             HELD: t("held by the coordinators")}.get(win.status, win.status)
    return t("#{id} ({state}): “{text}”", id=win.id, state=state, text=verbatim(win.text))


def _waiting_title(t: Translator, win: QuickWin) -> str:
    if win.status == CURATING:
        return t("**#{id}** waits for your decision:", id=win.id)
    if win.status == HELD:
        return t("**#{id}** is held:", id=win.id)
    return t("**#{id}** could not be posted yet (see the message about it):", id=win.id)


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
        Command("wins", ("wins", "quickwins"), ("erfolge",), wins_command,
                (HelpLine("wins", lambda t: t("the program's quick wins"), 49),)),
    ),
    buttons=(("wins.", on_button),),
    forms=((f"{DRAFT_FORM}:", on_form), (f"{EDIT_FORM}:", on_form), (f"{OWN_FORM}:", on_form)),
    due=(settle_posts, weekly_digest),
)
