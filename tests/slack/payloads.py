"""Slack request bodies as Slack sends them (shapes from Slack's docs and recorded deliveries)."""

from __future__ import annotations

from typing import Any

from tests.slack.fake_api import BOT_ID, BOT_USER, TEAM

APP = "A0TANDEM"
Answer = str | list[str] | None


def as_slack_sends(typed: str) -> str:
    """Slack sends the text of a slash command or a message with its control characters
    `&`, `<`, `>` as entities (api.slack.com/reference/surfaces/formatting#escaping)."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slash_command(text: str, *, user: str, response_url: str,
                  trigger_id: str = "1337.42.trigger") -> dict[str, str]:
    return {"token": "legacy", "team_id": TEAM, "team_domain": "tandem-test",
            "channel_id": "C0GENERAL", "channel_name": "general", "user_id": user,
            "user_name": user.lower(), "command": "/tandem", "text": as_slack_sends(text),
            "api_app_id": APP,
            "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": trigger_id}


def dm_event(text: str, *, user: str, event_id: str, channel: str = "D0DM",
             **extra: Any) -> dict[str, Any]:
    ts = "1790000000.000100"
    event = {"type": "message", "channel": channel, "user": user,
             "text": as_slack_sends(text), "ts": ts,
             "event_ts": ts, "channel_type": "im", "team": TEAM, **extra}
    return {"token": "legacy", "team_id": TEAM, "api_app_id": APP, "event": event,
            "type": "event_callback", "event_id": event_id, "event_time": 1790000000,
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}


def _user(user: str) -> dict[str, str]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM}


def block_action(action_id: str, value: str, *, user: str, response_url: str,
                 trigger_id: str = "1337.43.trigger", channel: str = "D0DM",
                 ephemeral: bool = False, message_ts: str = "1790000001.000100"
                 ) -> dict[str, Any]:
    """A button click. On an ephemeral message (a slash command's private answer) Slack sends
    no `message`, only the container saying so; `channel` is where the command was typed."""
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": TEAM, "domain": "tandem-test"},
        "user": _user(user), "api_app_id": APP, "token": "legacy", "trigger_id": trigger_id,
        "container": {"type": "message", "message_ts": message_ts,
                      "channel_id": channel, "is_ephemeral": ephemeral},
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D")
                    else "mpdm-tandem" if channel.startswith("G") else "general"},
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                     "text": {"type": "plain_text", "text": "Join"}, "value": value,
                     "action_ts": "1790000002.000100"}],
    }
    if not ephemeral:
        payload["message"] = {"type": "message", "bot_id": BOT_ID, "ts": message_ts}
    return payload


def _element_state(element: dict[str, Any], answer: Answer) -> dict[str, Any]:
    """What Slack reports for one input, for the answer a person gave (None: left empty)."""
    kind = element["type"]
    options = {o["value"]: o for o in element.get("options", [])}
    if kind == "static_select":
        return {"type": kind, "selected_option": options.get(answer) if answer else None}
    if kind in ("multi_static_select", "checkboxes"):
        return {"type": kind, "selected_options": [options[a] for a in answer or []]}
    if kind == "users_select":
        return {"type": kind, "selected_user": answer}
    if kind == "datepicker":
        return {"type": kind, "selected_date": answer}
    return {"type": kind, "value": answer}


def state_for(view: dict[str, Any], answers: dict[str, Answer]) -> dict[str, Any]:
    """`view.state` for a modal the bot opened, filled in with `answers` by block id."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            element = block["element"]
            values[block["block_id"]] = {
                element["action_id"]: _element_state(element, answers.get(block["block_id"]))}
    return {"values": values}


def view_submission(view: dict[str, Any], answers: dict[str, Answer], *,
                    user: str) -> dict[str, Any]:
    submitted = {**view, "id": "V1", "team_id": TEAM, "app_id": APP, "bot_id": BOT_ID,
                 "private_metadata": "", "hash": "1790000003.abc",
                 "state": state_for(view, answers)}
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "tandem-test"},
            "user": _user(user), "api_app_id": APP, "token": "legacy",
            "trigger_id": "1337.44.trigger", "view": submitted, "response_urls": [],
            "is_enterprise_install": False}


def app_home_opened(*, user: str, event_id: str, tab: str = "home",
                    view: dict[str, Any] | None = None) -> dict[str, Any]:
    """A person opened the app's Home (or Messages) tab; `view` is the one last published,
    which Slack sends along once there is one."""
    event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": "D0DM",
                             "tab": tab, "event_ts": "1790000000.000300"}
    if view is not None:
        event["view"] = view
    return {"token": "legacy", "team_id": TEAM, "api_app_id": APP, "event": event,
            "type": "event_callback", "event_id": event_id, "event_time": 1790000000,
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}


def home_block_action(action_id: str, value: str, *, user: str, trigger_id: str,
                      view: dict[str, Any]) -> dict[str, Any]:
    """A button clicked on the Home tab: Slack sends the view (and a view container) instead of
    a channel, a message and a response_url."""
    shown = {**view, "id": "VHOME1", "team_id": TEAM, "app_id": APP, "bot_id": BOT_ID,
             "private_metadata": "", "callback_id": "", "state": {"values": {}},
             "hash": "1790000004.home", "clear_on_close": False, "notify_on_close": False,
             "close": None, "submit": None, "previous_view_id": None, "root_view_id": "VHOME1",
             "external_id": "", "app_installed_team_id": TEAM}
    return {"type": "block_actions", "user": _user(user), "api_app_id": APP, "token": "legacy",
            "container": {"type": "view", "view_id": "VHOME1"}, "trigger_id": trigger_id,
            "team": {"id": TEAM, "domain": "tandem-test"}, "enterprise": None,
            "is_enterprise_install": False, "view": shown,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "h1",
                         "text": {"type": "plain_text", "text": "Join"}, "value": value,
                         "action_ts": "1790000005.000100"}]}
