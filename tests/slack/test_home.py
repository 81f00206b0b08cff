"""The Slack Home tab over real HTTP: a signed `app_home_opened` → bolt → inbox → core →
views.publish at the fake Web API; buttons on the tab work (Slack sends the view, no channel);
a change of state publishes the page again; every view fits Block Kit's limits."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest

from adapters.slack.app import build_client
from adapters.slack.home import HomeTab
from adapters.slack.render import render_home
from conversations import commands
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, HomeOpened
from conversations.replies import Button, Card, Home, verbatim
from tests.flows.checkin_setup import active_tandem
from tests.slack import payloads
from tests.slack.display import shown
from tests.slack.fake_api import Call, FakeSlackApi
from tests.slack.harness import COORDINATOR, SlackBot
from tests.slack.test_render import walk_limits

Payload = dict[str, Any]
MAX_BLOCKS = 100


def home_problems(view: Payload) -> list[str]:
    """Why Slack would refuse this Home tab view (empty when it fits): Block Kit's limits for a
    home view, its blocks, texts and buttons."""
    problems = [] if view.get("type") == "home" else ["type"]
    blocks = view.get("blocks") or []
    if not 0 < len(blocks) <= MAX_BLOCKS:
        problems.append(f"blocks: {len(blocks)}")
    for block in blocks:
        kind = block.get("type")
        if kind not in ("header", "section", "actions", "divider", "rich_text", "context"):
            problems.append(f"block type {kind}")
        if kind == "header" and len(block["text"]["text"]) > 150:
            problems.append("header text")
        if kind == "section" and len(block["text"]["text"]) > 3000:
            problems.append("section text")
        if kind == "actions":
            elements = block["elements"]
            if not 0 < len(elements) <= 25:
                problems.append(f"actions: {len(elements)}")
            ids = [e["action_id"] for e in elements]
            if len(ids) != len(set(ids)):
                problems.append("repeated action_id in a block")
            for element in elements:
                if len(element["text"]["text"]) > 75:
                    problems.append("button text")
                if not 0 < len(element["action_id"]) <= 255:
                    problems.append("action_id")
                if len(element.get("value", "")) > 2000:
                    problems.append("button value")
    return problems + walk_limits(blocks)


def home_buttons(view: Payload) -> dict[str, Payload]:
    """label → button element."""
    return {e["text"]["text"]: e for b in view["blocks"] if b["type"] == "actions"
            for e in b["elements"]}


def text_of(view: Payload) -> str:
    return shown(view)


async def open_home(bot: SlackBot, user: str, event_id: str) -> Call:
    before = len(bot.fake.to("views.publish"))
    reply = await bot.event(payloads.app_home_opened(user=user, event_id=event_id))
    assert reply.status == 200
    calls = await bot.fake.wait_for("views.publish", before + 1,
                                    where=lambda c: c.body.get("user_id") == user)
    return calls[-1]


# --- the validator can fail ----------------------------------------------------------------


def test_the_validator_sees_what_slack_refuses() -> None:
    button = {"type": "button", "action_id": "x" * 256, "text": {"type": "plain_text",
                                                                   "text": "y" * 76},
              "value": "v" * 2001}
    view = {"type": "home", "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "s" * 3001}},
        {"type": "actions", "elements": [button, button]}]}
    problems = home_problems(view)
    for expected in ("header text", "section text", "button text", "action_id",
                     "button value", "repeated action_id in a block"):
        assert expected in problems
    assert home_problems({"type": "home", "blocks": [{"type": "divider"}] * 101}) == [
        "blocks: 101"]


def test_an_oversized_home_is_cut_to_what_slack_takes() -> None:
    long = "x" * 9000
    cards = tuple(Card("T" * 400, (long, verbatim("*typed* " * 500)),
                       tuple(Button(commands.RUN, "L" * 100, "v" * 3000) for _ in range(30)))
                  for _ in range(20))
    view = render_home(Home(cards))
    assert home_problems(view) == []
    assert len(view["blocks"]) == MAX_BLOCKS


# --- over HTTP -----------------------------------------------------------------------------


async def test_opening_the_home_tab_publishes_a_join_page(slack_bot: SlackBot) -> None:
    call = await open_home(slack_bot, "UEN", "EvHome1")
    assert call.authorization is not None and call.authorization.startswith("Bearer xoxb-")
    view = call.body["view"]
    assert home_problems(view) == []
    assert "Welcome to Reverse Mentoring 2027" in text_of(view)
    assert home_buttons(view)["Join"]["action_id"] == "join"
    # Slack's retry of the same event: one effect, no second page.
    assert (await slack_bot.event(payloads.app_home_opened(user="UEN", event_id="EvHome1"),
                                  retry_num=1)).status == 200
    await slack_bot.adapter.wait_idle()
    assert len(slack_bot.fake.to("views.publish")) == 1


async def test_the_messages_tab_publishes_nothing(slack_bot: SlackBot) -> None:
    reply = await slack_bot.event(payloads.app_home_opened(user="UEN", event_id="EvMsgTab",
                                                           tab="messages"))
    assert reply.status == 200
    await slack_bot.adapter.wait_idle()
    assert slack_bot.fake.to("views.publish") == []


async def test_join_on_the_home_tab_opens_the_signup_and_joining_republishes(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    view = (await open_home(bot, "UEN", "EvHome2")).body["view"]
    join = home_buttons(view)["Join"]
    reply = await bot.interaction(payloads.home_block_action(
        join["action_id"], join.get("value", ""), user="UEN", trigger_id="trig-home-join",
        view=view))
    assert reply.status == 200
    (opened,) = await bot.fake.wait_for("views.open")
    assert opened.body["trigger_id"] == "trig-home-join"
    assert opened.body["view"]["callback_id"] == "signup"

    published = len(bot.fake.to("views.publish"))
    answer = await bot.submit(opened.body["view"], {"role": "mentee", "topics": ["ai"],
                                                    "consent": ["yes"]}, user="UEN")
    assert answer.status == 200
    calls = await bot.fake.wait_for("views.publish", published + 1)
    page = calls[-1].body
    assert page["user_id"] == "UEN" and home_problems(page["view"]) == []
    assert "Your place in Reverse Mentoring 2027" in text_of(page["view"])
    assert "you take part as *mentee*" in text_of(page["view"])
    assert "Join" not in home_buttons(page["view"])
    # Nothing changed since: the next event of theirs publishes nothing new.
    await bot.adapter.wait_idle()
    before = len(bot.fake.to("views.publish"))
    await bot.say("help", user="UEN")
    await bot.adapter.wait_idle()
    assert len(bot.fake.to("views.publish")) == before


async def test_a_run_button_on_the_home_tab_answers_in_the_dm(slack_bot: SlackBot) -> None:
    bot = slack_bot
    view = (await open_home(bot, "UEN", "EvHome3")).body["view"]
    help_button = home_buttons(view)["Help"]
    assert (help_button["action_id"], help_button["value"]) == (commands.RUN, "help")
    reply = await bot.interaction(payloads.home_block_action(
        commands.RUN, "help", user="UEN", trigger_id="trig-home-help", view=view))
    assert reply.status == 200
    (posted,) = await bot.posted("UEN")  # no channel, no response_url: their DM
    assert "`join`" in shown(posted.body)


async def test_a_coordinators_home_has_the_program_and_its_buttons(
        slack_bot: SlackBot) -> None:
    bot = slack_bot
    view = (await open_home(bot, COORDINATOR, "EvHome4")).body["view"]
    assert home_problems(view) == []
    assert "Program at a glance" in text_of(view)
    found = home_buttons(view)
    for label, command in (("Match", "match"), ("Report", "report")):
        # Repeated action ids in one block carry a `~n` the inbound translation strips.
        assert found[label]["action_id"].split("~")[0] == commands.RUN
        assert found[label]["value"] == command
    reply = await bot.interaction(payloads.home_block_action(
        commands.RUN, "match", user=COORDINATOR, trigger_id="trig-home-match", view=view))
    assert reply.status == 200
    (posted,) = await bot.posted(COORDINATOR)
    assert "only the program's coordinators" not in shown(posted.body)
    assert "No tandem can be proposed right now." in shown(posted.body)  # `match` ran


async def test_a_german_person_gets_a_german_home(slack_bot: SlackBot) -> None:
    view = (await open_home(slack_bot, "UDE", "EvHome5")).body["view"]
    assert "Willkommen bei Reverse Mentoring 2027" in text_of(view)
    assert home_buttons(view)["Anmelden"]["action_id"] == "join"


async def test_a_failed_publish_loses_no_reply(slack_bot: SlackBot,
                                               caplog: pytest.LogCaptureFixture) -> None:
    bot = slack_bot
    bot.fake.fail_next("views.publish", status=200, error="internal_error")
    with caplog.at_level(logging.WARNING, logger="tandem.slack"):
        await open_home(bot, "UEN", "EvHomeFail")  # Slack refuses the page once
        call = await bot.say("help", user="UEN")
        assert "`/tandem join`" in shown(call.body)
        await bot.adapter.wait_idle()
    assert any(r.getMessage() == "slack home not published" for r in caplog.records)
    # The failed page is not taken for published: the next event publishes it.
    await bot.say("status", user="UEN")
    await bot.fake.wait_for("views.publish", 2)
    assert bot.fake.to("views.publish")[-1].status == 200


async def test_a_partner_reached_by_the_outbox_gets_a_fresh_page(slack_bot: SlackBot) -> None:
    """A match approved by the coordinator reaches both partners through the outbox: each
    one's Home tab then shows the tandem, without their doing anything."""
    bot = slack_bot
    for user, role, level in (("UMENTOR", "mentor", "junior"), ("UEN", "mentee", "executive")):
        await bot.sign_up(user, role=role, topics=("ai",), level=level)
        await bot.posted(user)
    await open_home(bot, "UMENTOR", "EvHomeMentor")  # she looked at her page once
    proposals = (await bot.say("match", user=COORDINATOR)).body
    value = next(e["value"] for b in proposals["blocks"] if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"] == "match.approve_all")
    await bot.answer_to_click("match.approve_all", value, user=COORDINATOR,
                              channel="C0GENERAL", ephemeral=True)
    await bot.adapter.wait_idle()

    def tandem_page(call: Call) -> bool:
        return call.body.get("user_id") == "UMENTOR" and "is in its kick-off" in text_of(
            call.body["view"])

    (page,) = (await bot.fake.wait_for("views.publish", where=tandem_page))[-1:]
    assert "Alex" in text_of(page.body["view"]) and home_problems(page.body["view"]) == []


# --- a larger program, built by the core and rendered --------------------------------------


async def test_a_coordinators_home_of_a_larger_program_fits(core: TandemCore,
                                                            clock: FakeClock) -> None:
    assert core.program_id is not None
    for i in range(60):
        await active_tandem(core.store, core.program_id, clock.now(), [f"m{i}", f"e{i}"],
                            ["mentor", "mentee"])
    clock.advance(timedelta(days=60))
    views = {}
    for user in ("hr", "m1"):  # the coordinator; a member of a tandem among many
        outcome = await core.handle(HomeOpened(Actor("console", user, locale="en")))
        (home,) = outcome.replies
        assert isinstance(home, Home)
        views[user] = render_home(home)
        assert home_problems(views[user]) == []
    assert "Active tandems: 60" in text_of(views["hr"])
    assert "Quiet tandems (60)" in text_of(views["hr"]) and "and 50 more" in text_of(views["hr"])
    assert "Program at a glance" not in text_of(views["m1"])


# --- pacing and coalescing -----------------------------------------------------------------


async def test_a_page_never_drawn_by_this_process_is_not_refreshed(slack_bot: SlackBot
                                                                  ) -> None:
    """Opening the tab always draws the page fresh: refreshing the pages of people who never
    opened it (most of a large program) would only spend the publish budget."""
    await slack_bot.say("help", user="UEN")
    await slack_bot.adapter.wait_idle()
    assert slack_bot.fake.to("views.publish") == []
    await open_home(slack_bot, "UEN", "EvHomeOnce")
    await slack_bot.sign_up("UEN", role="mentee", topics=("ai",), level="executive")
    await slack_bot.adapter.wait_idle()
    pages = slack_bot.fake.to("views.publish")
    assert len(pages) == 2 and "you take part as *mentee*" in text_of(pages[-1].body["view"])


OLD_PAGE = {"type": "home", "blocks": [{"type": "header", "text": {"type": "plain_text",
                                                                   "text": "before"}}]}


async def drawn(tab: HomeTab, *users: str) -> None:
    """Their pages were drawn once (they opened the tab): refreshes keep them fresh."""
    for user in users:
        assert await tab.publish(user, OLD_PAGE, force=True)


async def test_refreshes_coalesce_and_skip_unchanged_pages() -> None:
    fake = FakeSlackApi()
    await fake.start()
    try:
        client = build_client("xoxb-test", fake.api_url)
        builds: list[str] = []
        page = {"type": "home", "blocks": [{"type": "divider"}]}
        building = asyncio.Event()
        release = asyncio.Event()

        async def build(user_id: str) -> Payload:
            builds.append(user_id)
            building.set()
            await release.wait()
            return page

        tab = HomeTab(client, build, delay=0.0)
        await drawn(tab, "UEN")
        for _ in range(5):
            tab.refresh("UEN")  # a burst of events of one person, before its page is built
        await building.wait()
        for _ in range(3):
            tab.refresh("UEN")  # more while it is being built: it is built once more after
        release.set()
        await tab.wait_idle()
        assert builds == ["UEN", "UEN"]
        assert len(fake.to("views.publish")) == 2  # the second build was the same page
        tab.refresh("UEN")
        await tab.wait_idle()
        assert len(fake.to("views.publish")) == 2
        assert await tab.publish("UEN", page, force=True)  # opening the tab always publishes
        assert len(fake.to("views.publish")) == 3
    finally:
        await fake.close()


async def test_a_burst_of_one_persons_events_is_drawn_once_after_the_delay() -> None:
    fake = FakeSlackApi()
    await fake.start()
    try:
        client = build_client("xoxb-test", fake.api_url)
        builds: list[str] = []

        async def build(user_id: str) -> Payload:
            builds.append(user_id)
            return {"type": "home", "blocks": [{"type": "divider"}]}

        tab = HomeTab(client, build, delay=0.2)
        await drawn(tab, "UEN")
        tab.refresh("UEN")
        await asyncio.sleep(0.05)
        assert builds == []  # not yet: their replies go first
        for _ in range(4):
            tab.refresh("UEN")  # the rest of the burst, within the delay
        await asyncio.wait_for(tab.wait_idle(), 5)
        assert builds == ["UEN"] and len(fake.to("views.publish")) == 2
    finally:
        await fake.close()


async def test_refreshes_are_paced_below_the_rate_limit() -> None:
    now = [0.0]
    fake = FakeSlackApi()
    await fake.start()
    try:
        client = build_client("xoxb-test", fake.api_url)

        async def build(user_id: str) -> Payload:
            return {"type": "home", "blocks": [{"type": "divider"}]}

        users = ("UEN", "UDE", "UMENTOR", "UCOORD", "UAZUBI")
        tab = HomeTab(client, build, rate=1.5, burst=3, delay=0.0, monotonic=lambda: now[0])
        await drawn(tab, *users)  # opening publishes at once, outside the refreshes' budget
        for user in users:
            tab.refresh(user)
        await asyncio.sleep(0.3)
        assert len(fake.to("views.publish")) == 5 + 3  # the burst; the rest wait for tokens
        now[0] += 2.0  # time passes: 3 tokens more
        await asyncio.wait_for(tab.wait_idle(), 5)
        assert len(fake.to("views.publish")) == 5 + 5
    finally:
        await fake.close()


def test_what_people_typed_shows_on_the_home_tab_as_typed() -> None:
    goal = "Learn *prompting* <!channel> & <@U123>"
    view = render_home(Home((Card("Your place", ("Goals: " + verbatim(goal),)),)))
    assert home_problems(view) == []
    assert "Goals: " + goal in text_of(view)
    assert not [b for b in view["blocks"] if b["type"] == "section"]  # rich text, not mrkdwn


async def test_many_refreshes_wait_in_one_queue_not_in_a_task_each() -> None:
    """A tick that reached hundreds of Slack users asks as many refreshes: they wait their
    turn in order, in one worker, instead of one task each, all waking for every token."""
    fake = FakeSlackApi()
    await fake.start()
    try:
        client = build_client("xoxb-test", fake.api_url)
        built: list[str] = []

        async def build(user_id: str) -> Payload:
            built.append(user_id)
            return {"type": "home", "blocks": [{"type": "divider"}]}

        tab = HomeTab(client, build, rate=1.5, burst=3, delay=0.0)
        users = [f"U{n:05d}" for n in range(300)]
        for user in users:
            fake.users[user] = {"id": user, "name": user.lower()}
        await drawn(tab, *users)
        before = len(asyncio.all_tasks())
        for user in users:
            tab.refresh(user)
        assert len(asyncio.all_tasks()) - before <= 1
        await asyncio.sleep(0.3)
        assert built == users[:3]  # the burst, in the order asked; the rest wait for tokens
        await tab.close()
        assert len(asyncio.all_tasks()) <= before  # the worker is gone
    finally:
        await fake.close()
