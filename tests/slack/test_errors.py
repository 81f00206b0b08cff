"""Slack failures named for the log: Slack's code, or the HTTP status when there is no JSON."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from adapters.slack.errors import error_fields, slack_error
from conversations.i18n import Translator
from tests.slack.harness import SlackBot


def _error(data: dict | str, status: int) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="x", req_args={},
                             data=data, headers={}, status_code=status)
    return SlackApiError("failed", response)


def test_slack_error_names_the_code_or_the_status() -> None:
    assert slack_error(_error({"ok": False, "error": "ratelimited"}, 429)) == "ratelimited"
    assert slack_error(_error("405: Method Not Allowed", 405)) == "http_405"
    assert slack_error(_error({"ok": False}, 500)) == "http_500"
    assert slack_error(ValueError("x")) is None
    assert error_fields(TimeoutError()) == {"error": "TimeoutError", "slack_error": None}


async def test_a_refused_users_info_still_gets_an_answer_in_the_program_language(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    slack_bot.fake.refused["users.info"] = 405
    answer = await slack_bot.say("help", user="UEN")
    language = slack_bot.runtime.program.language
    assert language == "de"  # the example program: so the answer is German, not en-US
    assert Translator(language)("show this list") in answer.body["text"]
    await slack_bot.say("status", user="UEN")
    assert len(slack_bot.fake.to("users.info")) == 1  # the refusal is remembered
    (warning,) = [r for r in caplog.records if r.getMessage() == "slack profile unavailable"]
    assert warning.slack_error == "http_405"  # type: ignore[attr-defined]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
