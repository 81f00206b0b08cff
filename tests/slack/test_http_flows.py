"""End to end over real HTTP: signed requests → bolt → core → Block Kit at the fake Web API."""

from __future__ import annotations

import logging
import time
from datetime import date
from urllib.parse import urlencode

import pytest

from conversations.i18n import LOCALE_DIR, Translator
from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, SlackBot, message_text

CATALOG_DE = LOCALE_DIR / "de" / "LC_MESSAGES" / "tandem.po"


async def test_help_lists_the_commands_privately(slack_bot: SlackBot) -> None:
    reply, hook = await slack_bot.command("help")
    assert reply.status == 200
    assert reply.text == ""  # the ack is empty; the answer follows through the response_url
    call = await slack_bot.ephemeral(hook)
    assert call.body["response_type"] == "ephemeral"
    text = message_text(call.body)
    for command in ("join", "status", "pause 2027-03-31", "resume", "leave", "help"):
        assert f"`/tandem {command}`" in text
    assert "•" in text and "**" not in text  # mrkdwn bullets and bold
    assert slack_bot.fake.to(RESPONSE_URL)[0].authorization is None


SIGNUP_FIELDS = {
    "role": "static_select", "topics": "multi_static_select", "department": "plain_text_input",
    "manager": "users_select", "languages": "multi_static_select",
    "timezone": "plain_text_input", "level": "static_select",
    "never_match": "multi_users_select", "consent": "checkboxes",
}


async def test_join_opens_the_signup_modal_with_the_trigger(slack_bot: SlackBot) -> None:
    reply, _ = await slack_bot.command("join", user="UEN", trigger_id="trig-join-1")
    assert reply.status == 200
    (call,) = await slack_bot.fake.wait_for("views.open")
    assert call.body["trigger_id"] == "trig-join-1"
    assert call.authorization == f"Bearer {BOT_TOKEN}"
    view = call.body["view"]
    assert view["type"] == "modal" and view["callback_id"] == "signup"
    assert len(view["title"]["text"]) <= 24
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert {k: b["element"]["type"] for k, b in inputs.items()} == SIGNUP_FIELDS
    assert all(b["element"]["action_id"] == k for k, b in inputs.items())
    assert [k for k, b in inputs.items() if not b["optional"]] == ["role", "topics", "consent"]
    assert inputs["timezone"]["element"]["initial_value"] == "Europe/Berlin"  # from users.info
    await slack_bot.adapter.wait_idle()
    assert not slack_bot.fake.to(RESPONSE_URL)  # the modal is the whole answer


async def test_valid_submission_enrols_and_confirms_by_dm(slack_bot: SlackBot) -> None:
    view = await slack_bot.open_signup("UEN")
    reply = await slack_bot.submit(view, {
        "role": "mentee", "topics": ["ai", "devex"], "department": "Sales",
        "manager": "UBOSS", "languages": ["en"], "timezone": "Europe/Berlin",
        "level": "executive", "consent": ["yes"]}, user="UEN")
    assert reply.status == 200 and reply.text == ""  # an empty ack closes the modal
    enrollment = await slack_bot.enrollment("UEN")
    assert enrollment is not None and enrollment.status == "active"
    assert (enrollment.role, enrollment.topics) == ("mentee", ["ai", "devex"])
    assert (enrollment.manager, enrollment.level) == ("slack:UBOSS", "executive")
    (dm,) = await slack_bot.fake.wait_for("chat.postMessage")
    assert dm.body["channel"] == "UEN"
    assert "Welcome to *Reverse Mentoring 2027*" in message_text(dm.body)


async def test_incomplete_submission_keeps_the_modal_open(slack_bot: SlackBot) -> None:
    view = await slack_bot.open_signup("UEN")
    reply = await slack_bot.submit(view, {"department": "Sales"}, user="UEN")
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"role", "topics", "consent"}
    assert await slack_bot.enrollment("UEN") is None
    rows = await slack_bot.stored_rows()
    assert rows["people"] == 0 and rows["enrollments"] == 0
    await slack_bot.adapter.wait_idle()
    assert not slack_bot.fake.to("chat.postMessage")


async def test_join_button_opens_the_modal(slack_bot: SlackBot) -> None:
    payload = payloads.block_action("join", "signup", user="UEN", trigger_id="trig-button",
                                    response_url=slack_bot.fake.response_url("button"))
    reply = await slack_bot.interaction(payload)
    assert reply.status == 200
    (call,) = await slack_bot.fake.wait_for("views.open")
    assert call.body["trigger_id"] == "trig-button"
    assert call.body["view"]["callback_id"] == "signup"


async def test_join_typed_in_a_dm_sends_a_button_that_opens_the_form(slack_bot: SlackBot
                                                                      ) -> None:
    reply = await slack_bot.event(payloads.dm_event("join", user="UEN", event_id="Ev1"))
    assert reply.status == 200
    (call,) = await slack_bot.fake.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0DM"
    buttons = [e for b in call.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["text"]["text"]) for b in buttons] == [("join", "Open the form")]
    assert not slack_bot.fake.to("views.open")


async def test_dm_status_is_answered_in_the_dm(slack_bot: SlackBot) -> None:
    reply = await slack_bot.event(payloads.dm_event("status", user="UEN", event_id="Ev2"))
    assert reply.status == 200
    (call,) = await slack_bot.fake.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0DM"
    assert "You are not signed up" in message_text(call.body)


async def test_a_retried_event_is_answered_once(slack_bot: SlackBot) -> None:
    event = payloads.dm_event("status", user="UEN", event_id="Ev3")
    assert (await slack_bot.event(event)).status == 200
    await slack_bot.fake.wait_for("chat.postMessage")
    retry = await slack_bot.event(event, retry_num=1)
    assert retry.status == 200  # acked like any delivery, so Slack stops retrying
    await slack_bot.adapter.wait_idle()
    assert len(slack_bot.fake.to("chat.postMessage")) == 1


async def test_bot_messages_and_edits_are_ignored(slack_bot: SlackBot) -> None:
    own = payloads.dm_event("status", user="UBOT", event_id="Ev4")
    other_bot = payloads.dm_event("status", user="UEN", event_id="Ev5", bot_id="B0OTHER")
    edit = payloads.dm_event("status", user="UEN", event_id="Ev6", subtype="message_changed")
    for body in (own, other_bot, edit):
        assert (await slack_bot.event(body)).status == 200
    await slack_bot.adapter.wait_idle()
    assert not slack_bot.fake.to("chat.postMessage")


async def test_url_verification_is_answered(slack_bot: SlackBot) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    reply = await slack_bot.event({"type": "url_verification", "token": "legacy",
                                   "challenge": challenge})
    assert reply.status == 200
    assert challenge in reply.text


async def test_bad_signature_is_refused(slack_bot: SlackBot) -> None:
    body = urlencode(payloads.slash_command("help", user="UEN", response_url="http://x/"))
    reply = await slack_bot.post(body, "application/x-www-form-urlencoded",
                                 signature="v0=" + "0" * 64)
    assert reply.status == 401
    await slack_bot.adapter.wait_idle()
    assert not slack_bot.fake.to(RESPONSE_URL)


async def test_stale_timestamp_is_refused(slack_bot: SlackBot) -> None:
    body = urlencode(payloads.slash_command("help", user="UEN", response_url="http://x/"))
    reply = await slack_bot.post(body, "application/x-www-form-urlencoded",
                                 timestamp=int(time.time()) - 6 * 60)
    assert reply.status == 401


async def test_a_german_profile_gets_german_text(slack_bot: SlackBot) -> None:
    de = Translator("de")
    if CATALOG_DE.exists():  # the catalog really translates, not just passes English through
        assert de("show this list") != "show this list"
    help_text = message_text((await slack_bot.say("help", user="UDE")).body)
    assert de("show this list") in help_text
    await slack_bot.sign_up("UDE", topics=("ai",))
    status = message_text((await slack_bot.say("status", user="UDE")).body)
    assert "KI im Arbeitsalltag" in status  # the topic's German label
    paused = message_text((await slack_bot.say("pause 2027-03-01", user="UDE")).body)
    assert "1. März 2027" in paused  # dates in German, whatever the catalog says
    english = message_text((await slack_bot.say("help", user="UEN")).body)
    assert "show this list" in english


async def test_rate_limited_post_is_retried(slack_bot: SlackBot) -> None:
    slack_bot.fake.fail_next("chat.postMessage", 429, retry_after=0)
    await slack_bot.event(payloads.dm_event("status", user="UEN", event_id="Ev7"))
    calls = await slack_bot.fake.wait_for("chat.postMessage", count=2)
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].body == calls[1].body


async def test_pause_status_resume_and_leave_round_trip(slack_bot: SlackBot) -> None:
    await slack_bot.sign_up("UEN", role="mentee", topics=("ai",))
    status = message_text((await slack_bot.say("status")).body)
    assert "*mentee*" in status and "AI in everyday work" in status
    paused = message_text((await slack_bot.say("pause 2027-03-01")).body)
    assert "March 1, 2027" in paused
    enrollment = await slack_bot.enrollment("UEN")
    assert enrollment is not None and enrollment.status == "paused"
    assert enrollment.paused_until == date(2027, 3, 1)
    assert "until March 1, 2027" in message_text((await slack_bot.say("status")).body)
    assert "Welcome back" in message_text((await slack_bot.say("resume")).body)
    confirm = (await slack_bot.say("leave")).body
    assert "Leave Reverse Mentoring 2027?" in message_text(confirm)
    [yes, no] = [e for b in confirm["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (yes["action_id"], yes.get("style"), no["action_id"]) == (
        "leave.confirm", "danger", "leave.cancel")
    stay = await slack_bot.answer_to_click("leave.cancel", no["value"], user="UEN",
                                           ephemeral=True)
    assert "nothing changed" in message_text(stay.body)
    assert (await slack_bot.enrollment("UEN")).status == "active"  # type: ignore[union-attr]
    left = message_text((await slack_bot.answer_to_click(
        "leave.confirm", yes["value"], user="UEN", ephemeral=True)).body)
    assert "You have left" in left
    twice = await slack_bot.answer_to_click("leave.confirm", yes["value"], user="UEN",
                                            ephemeral=True)
    assert "You have already left" in message_text(twice.body)
    enrollment = await slack_bot.enrollment("UEN")
    assert enrollment is not None and enrollment.status == "withdrawn"
    assert enrollment.topics == []
    assert "not signed up" in message_text((await slack_bot.say("status")).body)


async def test_a_mentor_and_a_mentee_both_sign_up(slack_bot: SlackBot) -> None:
    await slack_bot.sign_up("UMENTOR", role="mentor", topics=("ai", "tools", "devex"))
    await slack_bot.sign_up("UEN", role="mentee", topics=("ai",))
    mentor = await slack_bot.enrollment("UMENTOR")
    mentee = await slack_bot.enrollment("UEN")
    assert mentor is not None and mentor.role == "mentor"
    assert mentee is not None and mentee.role == "mentee"
    dms = await slack_bot.fake.wait_for("chat.postMessage", count=2)
    assert {c.body["channel"] for c in dms} == {"UMENTOR", "UEN"}


async def test_no_secret_reaches_the_logs(slack_bot: SlackBot,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # bolt and slack-sdk log requests at debug
    secret_text = "zebra-canary-4711"
    await slack_bot.sign_up("UEN")
    await slack_bot.say(f"status {secret_text}")
    await slack_bot.event(payloads.dm_event(f"hello {secret_text}", user="UEN",
                                            event_id="Ev8"))
    await slack_bot.fake.wait_for("chat.postMessage", count=2)
    await slack_bot.post("x=1", "application/x-www-form-urlencoded", signature="v0=bad")
    logged = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert caplog.records
    assert BOT_TOKEN not in logged
    assert SIGNING_SECRET not in logged
    ours = [r for r in caplog.records if r.name.startswith("tandem")]
    assert any(r.getMessage() == "slack event" for r in ours)
    assert not any(secret_text in f"{r.getMessage()} {vars(r)}" for r in ours)


async def test_bolt_leaves_the_tandem_loggers_alone(slack_bot: SlackBot,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    # Bolt copies the root's level onto its app logger at start and on every request. Were
    # that logger `tandem`, the level from build time (WARNING here) would hide every
    # tandem.* INFO line, Teams' included, until a Slack request happened to re-copy it.
    caplog.set_level(logging.INFO)
    teams_url = slack_bot.url.replace("/slack/events", "/api/messages")
    async with slack_bot.session.post(teams_url, json={"type": "message"}) as response:
        assert response.status == 404  # a Slack-only install has no Teams endpoint
    await slack_bot.say("help")
    assert logging.getLogger("tandem").level == logging.NOTSET
    info = {r.name for r in caplog.records if r.levelno == logging.INFO}
    assert {"tandem.slack"} <= info
