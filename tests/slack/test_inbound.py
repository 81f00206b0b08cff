"""Slack payloads → neutral events: pure translation, nothing else."""

from __future__ import annotations

from adapters.slack.inbound import (
    block_action_to_event,
    command_to_event,
    form_values,
    message_to_event,
    user_id_of,
    view_submission_to_event,
    with_profile,
)
from adapters.slack.profiles import NO_PROFILE, Profile
from conversations.events import Actor, ButtonClicked, CommandInvoked, MessageReceived
from tests.slack import payloads
from tests.slack.fake_api import BOT_USER, TEAM


def test_slash_command_becomes_command_invoked() -> None:
    body = payloads.slash_command("pause 2027-03-01", user="UEN", response_url="http://x/")
    event = command_to_event(body)
    assert event == CommandInvoked(Actor("slack", "UEN", display_name="uen", workspace_id=TEAM),
                                   "pause 2027-03-01")
    assert event.actor.key == "slack:UEN" and event.event_id is None
    assert user_id_of(body) == "UEN"


def test_a_dm_becomes_message_received_with_the_event_id() -> None:
    body = payloads.dm_event("status", user="UEN", event_id="Ev123")
    event = message_to_event(body, BOT_USER)
    assert event == MessageReceived(Actor("slack", "UEN", workspace_id=TEAM), "status",
                                    event_id="Ev123")
    assert user_id_of(body) == "UEN"


def test_messages_that_are_not_a_person_writing_to_us_are_ignored() -> None:
    def dm(**extra: object) -> dict:
        return payloads.dm_event("status", user="UEN", event_id="Ev1", **extra)

    assert message_to_event(dm(subtype="message_changed")) is None
    assert message_to_event(dm(bot_id="B0OTHER")) is None
    assert message_to_event(dm(channel_type="channel")) is None
    assert message_to_event(payloads.dm_event("hi", user=BOT_USER, event_id="E"), BOT_USER) is None
    no_user = payloads.dm_event("hi", user="", event_id="E")
    assert message_to_event(no_user) is None
    assert message_to_event({"event": {"type": "app_home_opened"}}) is None
    assert message_to_event({}) is None


def test_a_button_click_becomes_button_clicked() -> None:
    body = payloads.block_action("join", "signup", user="UEN", response_url="http://x/",
                                 message_ts="1790000009.000100")
    # The clicked message: where chat.update finds it, and the click's own response_url.
    source = {"channel": "D0DM", "ts": "1790000009.000100", "ephemeral": False,
              "response_url": "http://x/"}
    assert block_action_to_event(body) == ButtonClicked(
        Actor("slack", "UEN", display_name="uen", workspace_id=TEAM), "join", "signup",
        source=source)
    assert user_id_of(body) == "UEN"
    ephemeral = payloads.block_action("join", "", user="UEN", response_url="http://x/",
                                      channel="C0GENERAL", ephemeral=True)
    clicked = block_action_to_event(ephemeral)
    assert clicked is not None and clicked.source is not None
    assert clicked.source["ephemeral"] is True
    # A button in a modal is on a view, not on a message: nothing to update.
    in_modal = {**body, "container": {"type": "view", "view_id": "V1"}}
    in_modal.pop("response_url")
    clicked = block_action_to_event(in_modal)
    assert clicked is not None and clicked.source is None


def test_a_repeated_action_id_suffix_is_stripped() -> None:
    body = payloads.block_action("accept~2", "7", user="UEN", response_url="http://x/")
    event = block_action_to_event(body)
    assert event is not None and (event.action_id, event.value) == ("accept", "7")


def test_a_select_action_reads_the_selected_value_and_empty_actions_are_ignored() -> None:
    body = payloads.block_action("pick", "", user="UEN", response_url="http://x/")
    body["actions"][0] = {"type": "static_select", "action_id": "pick",
                          "selected_option": {"value": "ai"}}
    event = block_action_to_event(body)
    assert event is not None and event.value == "ai"
    assert block_action_to_event({**body, "actions": []}) is None


def test_view_state_values_become_form_values_by_widget() -> None:
    def state(**blocks: dict) -> dict:
        return {"state": {"values": {k: {k: v} for k, v in blocks.items()}}}

    opt = {"text": {"type": "plain_text", "text": "x"}}
    view = state(
        role={"type": "static_select", "selected_option": {**opt, "value": "mentee"}},
        topics={"type": "multi_static_select",
                "selected_options": [{**opt, "value": "ai"}, {**opt, "value": "tools"}]},
        manager={"type": "users_select", "selected_user": "U0BOSS"},
        consent={"type": "checkboxes", "selected_options": [{**opt, "value": "yes"}]},
        department={"type": "plain_text_input", "value": "Sales"},
        start={"type": "datepicker", "selected_date": "2027-03-01"},
        level={"type": "static_select", "selected_option": None},
        timezone={"type": "plain_text_input", "value": None},
        languages={"type": "multi_static_select", "selected_options": []},
        buddy={"type": "users_select", "selected_user": None},
        end={"type": "datepicker", "selected_date": None},
    )
    assert form_values(view) == {
        "role": "mentee", "topics": ["ai", "tools"], "manager": "slack:U0BOSS",
        "consent": ["yes"], "department": "Sales", "start": "2027-03-01", "level": "",
        "timezone": "", "languages": [], "buddy": "", "end": "",
    }
    assert form_values({}) == {}


def test_view_submission_becomes_form_submitted() -> None:
    view = {"type": "modal", "callback_id": "signup", "blocks": [
        {"type": "input", "block_id": "department",
         "element": {"type": "plain_text_input", "action_id": "department"}}]}
    event = view_submission_to_event(
        payloads.view_submission(view, {"department": "Sales"}, user="UDE"))
    assert event.form_id == "signup"
    assert event.values == {"department": "Sales"}
    assert event.actor == Actor("slack", "UDE", display_name="ude", workspace_id=TEAM)


def test_with_profile_adds_name_locale_and_zone() -> None:
    event = command_to_event(payloads.slash_command("help", user="UDE", response_url="x"))
    enriched = with_profile(event, Profile("Greta", "de-DE", "Europe/Berlin"))
    assert (enriched.actor.display_name, enriched.actor.locale, enriched.actor.timezone) == (
        "Greta", "de-DE", "Europe/Berlin")
    assert enriched.text == "help" and enriched.actor.workspace_id == TEAM
    assert with_profile(event, NO_PROFILE) == event


def test_typed_text_arrives_as_typed_though_slack_sends_entities() -> None:
    typed = "R&D <!channel> a<b &lt; stays"
    command = command_to_event(payloads.slash_command(
        f"change {typed}", user="UEN", response_url="http://x/hook"))
    dm = message_to_event(payloads.dm_event(typed, user="UEN", event_id="Ev1"))
    assert command.text == f"change {typed}"
    assert dm is not None and dm.text == typed
