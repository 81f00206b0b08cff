"""Whatever follows `/tandem`, the bot answers 200 and privately, logs no error, stores nothing.

One bot serves every example (a fresh one per example would dominate the run time), so the
examples run on one event loop driven from this synchronous test.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conversations.clock import FakeClock
from conversations.commands import parse_command
from tests.slack.harness import SlackBot, running_bot

WORDS = ["status", "pause", "resume", "leave", "help", "hilfe", "tandem", "/tandem", "?",
         "pause 2027-02-30", "pause 31.12.9999", "pause -1", "`", "<!channel>", "*"]

command_text = st.one_of(
    st.text(),  # any unicode, control characters included
    st.text(min_size=2000, max_size=6000),
    st.sampled_from(WORDS),
    st.tuples(st.sampled_from(WORDS), st.text()).map(" ".join),
    st.just(""),
)


async def _one(bot: SlackBot, text: str) -> None:
    reply, hook = await bot.command(text, user="UEN")
    assert reply.status == 200
    call = await bot.ephemeral(hook)
    assert call.body["response_type"] == "ephemeral"
    assert call.body["text"].strip()
    await bot.adapter.wait_idle()
    assert await bot.stored_rows() == {"people": 0, "enrollments": 0, "conversation_states": 0}


def test_any_text_after_the_command_is_answered_privately(
        sqlite_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with asyncio.Runner() as runner:
        context = running_bot(sqlite_url, clock)
        bot = runner.run(context.__aenter__())
        try:
            @settings(max_examples=50, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])
            @given(text=command_text)
            def example(text: str) -> None:
                assume(parse_command(text).name != "join")  # join opens a form and a state
                runner.run(_one(bot, text))
                problems = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
                assert not problems, [r.getMessage() for r in problems]

            example()
        finally:
            runner.run(context.__aexit__(None, None, None))
