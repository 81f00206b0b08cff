"""Socket Mode: the same listeners, fed over a WebSocket the fake Web API hands out."""

from __future__ import annotations

import asyncio
import contextlib

from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL, SOCKET_ACK
from tests.slack.harness import SlackBot


async def test_a_command_over_socket_mode_is_acked_and_answered(slack_bot: SlackBot) -> None:
    fake = slack_bot.fake
    running = asyncio.create_task(slack_bot.adapter.run_socket_mode("xapp-1-A0TANDEM-test"))
    try:
        (opened,) = await fake.wait_for("apps.connections.open")
        assert opened.authorization == "Bearer xapp-1-A0TANDEM-test"
        command = payloads.slash_command("help", user="UEN",
                                         response_url=fake.response_url("socket"))
        await fake.socket_envelopes.put({"envelope_id": "env-1", "type": "slash_commands",
                                         "accepts_response_payload": True,
                                         "payload": command})
        (ack,) = await fake.wait_for(SOCKET_ACK)
        assert ack.body["envelope_id"] == "env-1"
        (answer,) = await fake.wait_for(RESPONSE_URL)
        assert answer.path.endswith("/socket") and answer.body["response_type"] == "ephemeral"
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
