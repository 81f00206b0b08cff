"""Issue 7 items 5 and 6: what is not Slack's is refused at the door, briefly and quietly.

Unsigned, stale or forged requests get 401; signed but malformed ones 400; neither reaches
bolt, the inbox or the log beyond one short line (reason, size). A flood logs a count, not a
line per request. A fuzzer over loopback HTTP finds no 5xx and no traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.logs import QUIET_LOGGERS
from storage.models import InboxItem
from tests.slack import payloads
from tests.slack.harness import SIGNING_SECRET, SlackBot

SECRET_WORDS = "my-private-change-reason"  # what a person typed: must never reach the log


async def inbox_rows(bot: SlackBot) -> int:
    async with bot.runtime.store.unit() as repos:
        return int(await repos.session.scalar(select(func.count()).select_from(InboxItem))
                   or 0)


def log_bytes(caplog: pytest.LogCaptureFixture) -> int:
    """What `tandem serve` would write: without the loggers it holds at WARNING."""
    return sum(len(caplog.handler.format(r)) + 1 for r in caplog.records
               if r.levelno >= logging.WARNING or not r.name.startswith(QUIET_LOGGERS))


def no_trace(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], [
        r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def command_form(bot: SlackBot, text: str = f"change {SECRET_WORDS}") -> str:
    return urlencode(payloads.slash_command(text, user="UEN",
                                            response_url=bot.fake.response_url("gate")))


async def test_unsigned_forged_and_stale_requests_get_401_and_one_short_line_each(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # even at DEBUG, bolt's own body dump must not appear
    bot, form = slack_bot, command_form(slack_bot)
    cases = {
        "bad_signature": await bot.post(form, "application/x-www-form-urlencoded",
                                        signature="v0=" + "0" * 64),
        "stale_timestamp": await bot.post(form, "application/x-www-form-urlencoded",
                                          timestamp=int(time.time()) - 600),
        "bad_timestamp": await bot.post(form, "application/x-www-form-urlencoded",
                                        headers={"X-Slack-Request-Timestamp": "abc"}),
    }
    async with bot.session.post(bot.url, data=form.encode()) as response:
        assert response.status == 401  # no Slack headers at all
    for reason, reply in cases.items():
        assert reply.status == 401, reason
        assert json.loads(reply.text) == {"error": reason}
    rejected = [r for r in caplog.records if r.getMessage() == "slack request rejected"]
    assert [r.reason for r in rejected] == [  # type: ignore[attr-defined]
        "bad_signature", "stale_timestamp", "bad_timestamp", "unsigned"]
    assert all(r.bytes == len(form) for r in rejected)  # type: ignore[attr-defined]
    assert SECRET_WORDS not in caplog.text
    assert "Invalid request signature" not in caplog.text  # bolt's own line, with the body
    assert log_bytes(caplog) < 4 * 1024  # under 1 KB per rejected request
    assert await inbox_rows(bot) == 0
    await bot.adapter.wait_idle()
    assert not bot.fake.to("response_url")
    no_trace(caplog)


async def test_a_flood_of_forged_requests_logs_a_count_not_a_line_each(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    big = command_form(slack_bot, "x" * 200_000)  # what a flood sends: large bodies
    for _ in range(300):
        reply = await slack_bot.post(big, "application/x-www-form-urlencoded",
                                     signature="v0=forged")
        assert reply.status == 401
    lines = [r for r in caplog.records if r.name == "tandem.slack"]
    assert len(lines) <= 11  # ten in full, then one saying the rest is counted
    assert slack_bot.adapter.gate.rejected == 300
    total = log_bytes(caplog)
    print(f"log for 300 rejected 200 KB requests: {total} bytes ({total / 300:.1f} per request)")
    assert total < 300 * 1024 / 100  # far under 1 KB per rejected request
    no_trace(caplog)


def _signed_variants(bot: SlackBot) -> dict[str, tuple[str, str]]:
    """Signed requests Slack would never send: (body, content type) by what is wrong."""
    form = "application/x-www-form-urlencoded"
    dm = payloads.dm_event("status", user="UEN", event_id="EvBad")
    click = payloads.block_action("join", "signup", user="UEN",
                                  response_url=bot.fake.response_url("bad"))
    view = {"type": "view_submission", "user": {"id": "UEN"}, "view": {"callback_id": "x"}}
    return {
        "not JSON": ("{not json", "application/json"),
        "a JSON array": ("[1, 2]", "application/json"),
        "payload not JSON": (urlencode({"payload": "{oops"}), form),
        "payload an array": (urlencode({"payload": "[]"}), form),
        "event a string": (json.dumps({**dm, "event": "message"}), "application/json"),
        "event null": (json.dumps({**dm, "event": None}), "application/json"),
        "actions null": (urlencode({"payload": json.dumps({**click, "actions": None})}), form),
        "actions empty": (urlencode({"payload": json.dumps({**click, "actions": []})}), form),
        "an action without its id": (urlencode({"payload": json.dumps({**click, "actions": [{}]})}),
                                     form),
        "actions [1]": (urlencode({"payload": json.dumps({**click, "actions": [1]})}), form),
        "team a number": (urlencode({"payload": json.dumps({**click, "team": 7})}), form),
        "view without type": (urlencode({"payload": json.dumps(view)}), form),
        "enterprise a list": (json.dumps({**dm, "enterprise": [1]}), "application/json"),
        "authorizations of numbers": (json.dumps({**dm, "authorizations": [3]}),
                                      "application/json"),
    }


async def test_signed_but_malformed_requests_get_400_without_a_trace(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    for name, (body, content_type) in _signed_variants(slack_bot).items():
        reply = await slack_bot.post(body, content_type)
        assert reply.status == 400, (name, reply)
    raw = b"command=%2Ftandem&text=\xff\xfe"  # signed, but not UTF-8
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + raw,
                                 hashlib.sha256).hexdigest()
    async with slack_bot.session.post(slack_bot.url, data=raw, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}) as response:
        assert response.status == 400
    assert await inbox_rows(slack_bot) == 0
    no_trace(caplog)


# -- the fuzzer ------------------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)
FIELDS = ["type", "team", "user", "channel", "event", "actions", "view", "container",
          "enterprise", "authorizations", "message", "response_url", "trigger_id", "text",
          "event_id", "user_id", "team_id", "response_urls", "is_enterprise_install"]
NESTED = ["type", "user", "channel", "text", "subtype", "bot_id", "team", "channel_type",
          "message", "action_id", "value", "callback_id", "state", "blocks"]


def _mutate(base: dict[str, Any], field: str, value: Any, inner: str | None,
            inner_value: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(base))
    body[field] = value
    for nested in ("event", "view"):
        if inner is not None and isinstance(body.get(nested), dict):
            body[nested][inner] = inner_value
    if inner is not None and isinstance(body.get("actions"), list) and body["actions"] and \
            isinstance(body["actions"][0], dict):
        body["actions"][0][inner] = inner_value
    return body


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["event", "action", "view", "command"]),
       field=st.sampled_from(FIELDS), value=JSONISH,
       inner=st.none() | st.sampled_from(NESTED), inner_value=JSONISH)
@example(kind="event", field="event", value=None, inner=None, inner_value=None)  # was a 500
@example(kind="action", field="actions", value=None, inner=None, inner_value=None)
async def test_fuzzed_signed_requests_never_get_a_5xx_or_a_traceback(
        slack_bot: SlackBot, caplog: pytest.LogCaptureFixture, kind: str, field: str,
        value: Any, inner: str | None, inner_value: Any) -> None:
    caplog.set_level(logging.INFO)
    bot = slack_bot
    hook = bot.fake.response_url("fuzz")
    if kind == "command":
        form = payloads.slash_command("status", user="UEN", response_url=hook)
        form[field] = value if isinstance(value, str) else json.dumps(value)
        reply = await bot.post(urlencode(form), "application/x-www-form-urlencoded")
    elif kind == "event":
        base = payloads.dm_event("status", user="UEN", event_id="EvFuzz")
        reply = await bot.post(json.dumps(_mutate(base, field, value, inner, inner_value)),
                               "application/json")
    else:
        base = (payloads.block_action("join", "signup", user="UEN", response_url=hook)
                if kind == "action" else payloads.view_submission(
                    {"type": "modal", "callback_id": "signup", "blocks": []}, {}, user="UEN"))
        body = _mutate(base, field, value, inner, inner_value)
        reply = await bot.post(urlencode({"payload": json.dumps(body)}),
                               "application/x-www-form-urlencoded")
    assert reply.status < 500, reply
    await bot.adapter.wait_idle()  # what was let in is worked on without a crash
    no_trace(caplog)
