"""Quick wins at the core: drafted by a member, approved by everyone for the exact text, each
choosing for their own name; edits ask again, a withdrawal posts nothing; a coordinator's
Post or Hold with `curate`; a refused channel post tells the author and the coordinators the
fix and waits for Retry; `wins` and the weekly digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.destinations import Channel
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.flows.quick_win_wording import Credit, byline
from conversations.i18n import Translator
from conversations.outbox import Unreachable, deliver
from conversations.program import Program, ProgramError, parse_program
from conversations.replies import Button, Card, Form, FormErrors, Reply, Text, Update
from storage.db import Store
from storage.models import OutboxMessage, Person, QuickWin
from tests.flows.test_matching_kickoff import Cohort
from tests.flows.test_sessions import active_pair, c_text

WIN = "Ben showed me *three* shortcuts <b>that</b> save me an hour a week."


class Channels:
    """The console's people and channels: what was delivered to whom, and posted where.
    A channel in `refusing` answers like Slack for a bot that is not a member."""

    def __init__(self, cohort: Cohort) -> None:
        self.cohort = cohort
        self.posts: dict[str, list[str]] = {}
        self.refusing: set[str] = set()

    async def deliver(self) -> None:
        inbox, posts, refusing = self.cohort.inbox, self.posts, self.refusing

        class Recorder:
            groups = False

            async def send(self, key: str, reference: object, body: Text | Card) -> None:
                inbox.setdefault(key.split(":", 1)[1], []).append(body)

            async def send_group(self, keys: list[str], body: Text | Card) -> None:
                raise AssertionError("split by the outbox")

            async def send_channel(self, channel: Channel, body: Text | Card) -> None:
                if channel.id in refusing:
                    raise Unreachable("not_in_channel")
                posts.setdefault(channel.id, []).append(c_text([body]))

        await deliver(self.cohort.core.store, self.cohort.clock, {"console": Recorder()})


@pytest.fixture
def wins_program(program: Program) -> Program:
    # Posts are in the program's language: English here (the example's is German).
    return replace(program, quick_wins_channels={"console": "wins"}, language="en")


@pytest.fixture
async def wins_core(store: Store, wins_program: Program, clock: FakeClock) -> TandemCore:
    core = TandemCore(store, wins_program, clock)
    await core.start()
    return core


async def started(core: TandemCore, clock: FakeClock) -> tuple[Cohort, Channels, int]:
    cohort, tid = await active_pair(core, clock)
    channels = Channels(cohort)
    cohort.deliver = channels.deliver  # type: ignore[method-assign]
    return cohort, channels, tid


def buttons(replies: list[Any]) -> list[Button]:
    cards = [r.body if isinstance(r, Update) else r for r in replies]
    return [b for c in cards if isinstance(c, Card) for b in c.buttons]


def last_card(c: Cohort, name: str) -> Card:
    card = [b for b in c.inbox.get(name, []) if isinstance(b, Card)][-1]
    return card


def button(card: Card, action: str) -> Button:
    return next(b for b in card.buttons if b.action_id == action)


async def draft(c: Cohort, tid: int, text: str = WIN, names: str = "yes",
                topic: str = "tools") -> list[Reply]:
    return await c.submit("ben", f"win:{tid}", {"text": text, "topic": topic, "names": names})


async def rows(core: TandemCore) -> list[QuickWin]:
    async with core.store.session() as s:
        return list(await s.scalars(select(QuickWin).order_by(QuickWin.id)))


async def post_count(core: TandemCore) -> int:
    async with core.store.session() as s:
        return int(await s.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.kind == "win-post")) or 0)


async def test_both_approve_the_exact_text_and_it_is_posted_once(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)
    form = (await c.send("ben", "win"))[0]
    assert isinstance(form, Form) and form.form_id == f"win:{tid}"
    replies = await draft(c, tid)
    assert "Waiting for Salesvp to approve this exact text" in c_text(replies)
    assert channels.posts == {}
    ask = last_card(c, "salesvp")
    assert "Ben proposes a quick win" in c_text([ask])
    assert WIN in c_text([ask]) and "a tandem" in c_text([ask])  # what anonymous looks like
    approve = button(ask, "wins.approve_named")
    first = await c.click("salesvp", approve.action_id, approve.value)
    assert "You approved it, with your name" in c_text(first)
    assert "being posted to the program's quick-wins channel" in c_text(first)
    # A double click: the same post, once.
    second = await c.click("salesvp", approve.action_id, approve.value)
    assert "already approved and on its way" in c_text(second)
    [post] = channels.posts["wins"]
    assert WIN in post  # exactly as typed, markup characters and all
    assert "**Quick win** from the reverse mentoring program Reverse Mentoring 2027" in post
    assert "— Ben and Salesvp · New tools" in post
    assert await post_count(wins_core) == 1
    assert "it is being posted" in c.received("ben")
    await c.tick()
    [row] = await rows(wins_core)
    assert row.status == "posted" and row.posted_at is not None
    listed = c_text(await c.send("alex", "wins"))
    assert WIN in listed and "Ben and Salesvp" in listed


async def test_an_edit_asks_the_other_again_and_an_old_approval_counts_for_nothing(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)
    await draft(c, tid, names="no")
    old = button(last_card(c, "salesvp"), "wins.approve_anon")
    edit = button(last_card(c, "salesvp"), "wins.edit")
    [form] = await c.click("salesvp", edit.action_id, edit.value)
    assert isinstance(form, Form) and form.form_id.startswith("winedit:")
    changed = await c.submit("salesvp", form.form_id, {
        "text": "We replaced a weekly report with a dashboard.", "names": "no"})
    assert "The new text goes to Ben for approval" in c_text(changed)
    ask = last_card(c, "ben")
    assert "Salesvp changed the quick win" in c_text([ask])
    assert "replaced a weekly report" in c_text([ask])
    # Ben's approval of the first text (his draft) no longer counts; nor does an old button.
    stale = await c.click("salesvp", old.action_id, old.value)
    assert "changed meanwhile" in c_text(stale)
    assert channels.posts == {}
    yes = button(ask, "wins.approve_anon")
    await c.click("ben", yes.action_id, yes.value)
    [post] = channels.posts["wins"]
    assert "replaced a weekly report" in post and "a tandem" in post
    assert "Ben" not in post and "Salesvp" not in post


async def test_a_withdrawn_quick_win_tells_everyone_and_posts_nothing(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)
    await draft(c, tid)
    ask = last_card(c, "salesvp")
    withdraw = button(ask, "wins.withdraw")
    [confirm] = await c.click("salesvp", withdraw.action_id, withdraw.value)
    assert isinstance(confirm, Card) and "Withdraw this quick win?" in c_text([confirm])
    yes = button(confirm, "wins.withdraw_yes")
    done = await c.click("salesvp", yes.action_id, yes.value)
    assert "Withdrawn: nothing was posted" in c_text(done)
    assert "Salesvp withdrew the quick win" in c.received("ben") and WIN in c.received("ben")
    late = await c.click("salesvp", *_approve_of(ask))
    assert "withdrawn: nothing was posted" in c_text(late)
    [row] = await rows(wins_core)
    assert (row.status, row.text) == ("withdrawn", "")  # its text is not kept
    assert channels.posts == {} and await post_count(wins_core) == 0


def _approve_of(card: Card) -> tuple[str, str]:
    b = button(card, "wins.approve_named")
    return b.action_id, b.value


async def test_too_long_or_empty_is_refused_kindly_and_nothing_is_stored(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, _, tid = await started(wins_core, clock)
    [errors] = await draft(c, tid, text="x" * 301)
    assert isinstance(errors, FormErrors)
    assert errors.errors["text"] == ("That is 301 characters; a quick win fits in 300. "
                                     "Please shorten it to one or two sentences.")
    [errors] = await draft(c, tid, text="   ")
    assert isinstance(errors, FormErrors) and "one or two sentences" in errors.errors["text"]
    [errors] = await draft(c, tid, topic="nonsense")
    assert isinstance(errors, FormErrors) and "topic" in errors.errors
    assert await rows(wins_core) == []


async def test_without_a_channel_there_is_nothing_to_draft(
        core: TandemCore, clock: FakeClock) -> None:
    c, _ = await active_pair(core, clock)
    assert "no quick-wins channel yet" in await c.text("ben", "win")


async def test_curated_a_coordinator_posts_or_holds_last(
        store: Store, wins_program: Program, clock: FakeClock) -> None:
    core = TandemCore(store, replace(wins_program, quick_wins_curate=True), clock)
    await core.start()
    c, channels, tid = await started(core, clock)
    await draft(c, tid)
    await c.click("salesvp", *_approve_of(last_card(c, "salesvp")))
    assert channels.posts == {}
    curate = last_card(c, "hr")
    assert "A quick win to post?" in c_text([curate]) and WIN in c_text([curate])
    hold = button(curate, "wins.hold")
    assert "Held" in c_text(await c.click("hr", hold.action_id, hold.value))
    assert "holding your quick win back" in c.received("ben")
    # Not a coordinator: refused.
    post = button(curate, "wins.post")
    assert "only the program's coordinators" in c_text(await c.click("ben", post.action_id,
                                                                      post.value))
    listing = await c.send("hr", "wins")
    [again] = [b for b in buttons(listing) if b.action_id == "wins.post"]
    assert "Posted" in c_text(await c.click("hr", again.action_id, again.value))
    assert len(channels.posts["wins"]) == 1
    assert "A coordinator approved your quick win" in c.received("salesvp")


async def test_a_coordinator_posts_their_own_quick_win_at_once(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c = Cohort(wins_core, clock)
    channels = Channels(c)
    c.deliver = channels.deliver  # type: ignore[method-assign]
    [form] = await c.send("hr", "win")
    assert isinstance(form, Form) and form.form_id == "winown:new"
    await c.submit("hr", form.form_id, {"text": "Twelve tandems met this month.",
                                        "names": "no"})
    [post] = channels.posts["wins"]
    assert "Twelve tandems met this month." in post and "the program team" in post


async def test_a_refused_channel_tells_author_and_coordinators_the_fix_and_retry_posts(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)
    channels.refusing.add("wins")
    await draft(c, tid)
    await c.click("salesvp", *_approve_of(last_card(c, "salesvp")))
    assert channels.posts == {}
    await c.tick()
    [row] = await rows(wins_core)
    assert row.status == "blocked"
    told = last_card(c, "ben")
    assert "could not be posted yet" in c_text([told]) and "Nothing is lost" in c_text([told])
    assert "hr" in c.inbox and "could not be posted" in c.received("hr")
    assert "salesvp" not in c.inbox or "could not be posted" not in c.received("salesvp")
    await c.tick()  # told once
    assert c.received("ben").count("could not be posted yet") == 1
    channels.refusing.clear()
    retry = button(told, "wins.retry")
    assert "Trying again" in c_text(await c.click("ben", retry.action_id, retry.value))
    assert len(channels.posts["wins"]) == 1
    # A second click: nothing to retry.
    await c.click("hr", retry.action_id, retry.value)
    assert len(channels.posts["wins"]) == 1


async def test_a_good_retro_offers_a_quick_win(wins_core: TandemCore, clock: FakeClock) -> None:
    c, _, tid = await started(wins_core, clock)
    clock.advance(timedelta(days=2))
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-21", "minutes": "45",
                                         "about": "goal1"})
    async with wins_core.store.session() as s:
        from storage.models import Response
        rids = {r.person_id: r.id for r in await s.scalars(
            select(Response).where(Response.kind == "retro"))}
        ben = await s.scalar(select(Person).where(Person.key == "console:ben"))
        salesvp = await s.scalar(select(Person).where(Person.key == "console:salesvp"))
    assert ben is not None and salesvp is not None
    for who, person, score in (("ben", ben, "5"), ("salesvp", salesvp, "3")):
        replies = await c.submit(who, f"qform:{rids[person.id]}", {"rating": score})
        offered = [b for b in buttons(replies) if b.action_id == "wins.draft"]
        assert bool(offered) == (score == "5"), (who, c_text(replies))
    [form] = await c.click("ben", "wins.draft", str(tid))
    assert isinstance(form, Form) and form.form_id == f"win:{tid}"


def test_credits_name_only_who_said_yes_and_departments_only_when_safe() -> None:
    t = Translator("en")
    mia, alex = (Person(key=f"console:{n}", display_name=n.title()) for n in ("mia", "alex"))
    assert byline(t, [Credit(mia, True, "IT"), Credit(alex, True, None)]) == "\ue000Mia\ue001 " \
        "and \ue000Alex\ue001"
    assert byline(t, [Credit(mia, False, "Sales"), Credit(alex, False, "IT")]) == \
        "a tandem from \ue000Sales\ue001 and \ue000IT\ue001"
    assert byline(t, [Credit(mia, False, None), Credit(alex, False, None)]) == "a tandem"
    assert byline(t, [Credit(mia, True, None), Credit(alex, False, "IT")]) == \
        "\ue000Mia\ue001 and a tandem partner from \ue000IT\ue001"
    de = Translator("de")
    assert byline(de, [Credit(mia, False, None), Credit(alex, False, None)]) == "ein Tandem"


async def test_a_department_is_named_only_when_enough_people_share_it(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)  # salesvp: Vertrieb, ben: Marketing
    for name in ("mo", "lea"):
        await c.signup(name, "mentor", "junior", "Marketing", ["ai"], None)
    await draft(c, tid, names="no")
    ask = last_card(c, "salesvp")
    await c.click("salesvp", "wins.approve_anon", button(ask, "wins.approve_anon").value)
    [post] = channels.posts["wins"]
    assert "— a tandem from Marketing" in post and "Vertrieb" not in post


async def test_the_weekly_digest_goes_once_per_week_in_working_hours(
        wins_core: TandemCore, clock: FakeClock) -> None:
    c, _, tid = await started(wins_core, clock)  # Wednesday 20 January
    await draft(c, tid)
    await c.click("salesvp", *_approve_of(last_card(c, "salesvp")))
    await c.tick()
    clock.set(datetime(2027, 1, 25, 2, 0, tzinfo=UTC))  # Monday night, before work
    await c.tick()
    assert "week of" not in c.received("hr")
    clock.set(datetime(2027, 1, 25, 8, 5, tzinfo=UTC))  # 9:05 in Berlin
    await c.tick()
    assert "Quick wins of the week of January 18, 2027" in c.received("hr")
    assert "Posted that week: 1" in c.received("hr") and WIN in c.received("hr")
    clock.set(datetime(2027, 1, 27, 10, 0, tzinfo=UTC))
    await c.tick()
    assert c.received("hr").count("Quick wins of the week of") == 1


def test_program_keys_curate_and_channel_ids() -> None:
    base: dict[str, Any] = {"program": {"name": "P", "start": datetime(2027, 1, 1).date(),
                                        "months": 6}, "topics": [{"id": "ai", "en": "AI"}]}
    program = parse_program(base | {"quick_wins": {"slack": "C0123456789", "curate": True,
                                                   "teams": "19:abc@thread.tacv2",
                                                   "console": "wins"}})
    assert program.quick_wins_curate is True
    assert program.quick_wins_channels == {"slack": "C0123456789",
                                           "teams": "19:abc@thread.tacv2", "console": "wins"}
    assert parse_program(base).quick_wins_curate is False
    with pytest.raises(ProgramError) as refused:
        parse_program(base | {"quick_wins": {"slack": "#wins", "teams": "Quick wins",
                                             "curate": "yes"}})
    assert refused.value.problems == [
        "'quick_wins.curate' must be true or false",
        "'quick_wins.slack' must be a Slack channel id like C0123456789 (the channel's "
        "details show it), not '#wins'",
        "'quick_wins.teams' must be a Teams channel id like 19:abc@thread.tacv2 (from "
        "'Get link to channel'), not 'Quick wins'"]


async def test_only_members_act_on_a_quick_win(wins_core: TandemCore, clock: FakeClock) -> None:
    c, channels, tid = await started(wins_core, clock)
    await draft(c, tid)
    ask = last_card(c, "salesvp")
    outsider = Actor("console", "mo", display_name="Mo", locale="en")
    for action in ("wins.approve_named", "wins.edit"):
        outcome = await wins_core.handle(ButtonClicked(outsider, action,
                                                       button(ask, action).value))
        assert "not part of" in c_text(outcome.replies)
    outcome = await wins_core.handle(FormSubmitted(outsider, f"win:{tid}", {"text": "Mine"}))
    assert "not part of" in c_text(outcome.replies)
    outcome = await wins_core.handle(CommandInvoked(outsider, "win"))
    assert "once your tandem is active" in c_text(outcome.replies)
    assert len(await rows(wins_core)) == 1 and channels.posts == {}


def test_the_example_program_documents_the_quick_wins_keys() -> None:
    import tomllib

    from bot.config import EXAMPLE_PROGRAM

    text = EXAMPLE_PROGRAM.read_text(encoding="utf-8")
    for key in ("[quick_wins]", "curate = false", '# slack = "C0123456789"',
                '# teams = "19:abc@thread.tacv2"', '# console = "wins"', "/invite @Tandem"):
        assert key in text
    assert parse_program(tomllib.loads(text)).quick_wins_curate is False
