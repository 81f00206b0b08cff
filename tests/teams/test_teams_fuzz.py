"""Whatever a person types in Teams: an answer, never a 500, an error log or stored answers."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from adapters.teams.inbound import activity_to_event
from adapters.teams.wire import parse_activity
from conversations.commands import parse_command
from conversations.events import MessageReceived
from tests.teams.harness import ANNA, TeamsBot

TYPED = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Zs", "So"]), max_size=50),
    st.sampled_from(["", " ", "\x00", "<at>Tandem</at>", "<b>help</b>", "pause 31.02.2027",
                     "pause", "leave", "ß" * 300, "\u202e status", "status\u0000join"]),
)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=TYPED)
async def test_any_text_gets_an_answer_and_stores_nothing(
        teams_bot: TeamsBot, caplog: pytest.LogCaptureFixture, words: str) -> None:
    activity = teams_bot.message(ANNA, words)
    event = activity_to_event(parse_activity(activity))
    assert isinstance(event, MessageReceived)
    assume(parse_command(event.text).name != "join")  # the one command that stores a state
    caplog.clear()
    with caplog.at_level(logging.INFO):
        status, body = await teams_bot.post(activity)

    assert status == 201, body
    assert [c for c in teams_bot.connector.calls if c.activity_id == activity["id"]]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    for table in ("people", "enrollments", "conversation_states"):
        assert await teams_bot.count(table) == 0, table


async def test_logs_say_what_happened_but_never_what_was_typed(
        teams_bot: TeamsBot, caplog: pytest.LogCaptureFixture) -> None:
    secret = "pause because of my divorce xq7"
    # Pinned on our logger: bolt's AsyncApp(name="tandem") copies the root level onto "tandem".
    with caplog.at_level(logging.INFO, logger="tandem.teams"):
        await teams_bot.say(ANNA, secret)
    [turn] = [r for r in caplog.records if r.getMessage() == "teams turn"]
    assert (turn.platform, turn.outcome, turn.event_type) == ("teams", "ok", "MessageReceived")
    assert turn.activity_id
    assert not [r for r in caplog.records if "xq7" in repr(vars(r))]
