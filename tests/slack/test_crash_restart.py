"""Issue 7 item 7: what Slack was told we received survives `kill -9` of `tandem serve`
and of its worker process, together.

A real server process (SQLite and PostgreSQL) gets a burst of signed `/tandem help` commands.
Mid-burst the fake Slack stops taking replies (they wait, and are never recorded: what a dying
sender has not delivered), and the server is killed with SIGKILL while acks and work are in
flight. A new server then finds the rest in the inbox. Every acknowledged command must get
exactly one reply: none lost (pending, claimed, or answered-but-unsent at the kill), none
doubled. A short inbox lease makes the dead process's claims come back within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.slack import payloads
from tests.slack.fake_api import RESPONSE_URL, FakeSlackApi
from tests.slack.harness import BOT_TOKEN, PROGRAM, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = 600
CLIENTS = 20
PAUSE = 0.1  # between one client's requests: the burst lasts a few seconds, past the kill
LEASE_SECONDS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(database_url: str, fake: FakeSlackApi, port: int, log: Path
                 ) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "SLACK_",
                                        "MICROSOFT_"))}
    env.update({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url,
                "TANDEM_CONFIG": str(PROGRAM), "TANDEM_LOG_LEVEL": "WARNING",
                "TANDEM_INBOX_LEASE_SECONDS": str(LEASE_SECONDS)})
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port",
             str(port)], cwd=ROOT, env=env, stdout=out, stderr=out,
            start_new_session=True)  # its own process group: the server and its workers


async def wait_healthy(session: aiohttp.ClientSession, port: int, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("tandem serve did not start")


async def until(condition: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {"Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(SIGNING_SECRET).generate_signature(
                timestamp=ts, body=body)}


async def test_every_acknowledged_command_gets_one_reply_across_a_kill_9(
        db_url: str, tmp_path: Path) -> None:
    fake = FakeSlackApi()
    await fake.start()
    log = tmp_path / "serve.log"
    port = free_port()
    server = start_server(db_url, fake, port, log)
    acked: list[str] = []  # hooks whose command got an empty 200: work Slack was promised
    busy: list[str] = []
    unanswered: list[str] = []  # the server died before its ack arrived
    queue = [f"h{n}" for n in range(COMMANDS)]
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(session, port)
            url = f"http://127.0.0.1:{port}/slack/events"

            async def send(hook: str) -> None:
                body = urlencode(payloads.slash_command(
                    "help", user="UEN", response_url=fake.response_url(hook),
                    trigger_id=f"trigger-{hook}"))
                try:
                    async with session.post(url, data=body, headers=signed(body)) as r:
                        text = await r.text()
                        assert r.status == 200, (r.status, text)
                        (busy if text else acked).append(hook)
                except aiohttp.ClientError:
                    unanswered.append(hook)

            async def client() -> None:
                while queue:
                    await send(queue.pop(0))
                    await asyncio.sleep(PAUSE)

            await send("warm-up")  # the worker process is up and draining
            assert await until(lambda: len(fake.to(RESPONSE_URL)) == 1, 60)

            async def kill_mid_burst() -> None:
                await until(lambda: len(fake.to(RESPONSE_URL)) >= 10, 60)  # work is done …
                fake.holding = asyncio.Event()  # … then replies stop getting through
                await until(lambda: fake.held >= 2 and len(acked) >= COMMANDS // 2, 60)
                await asyncio.sleep(0.2)  # every reply sent before the hold is marked done
                os.killpg(server.pid, signal.SIGKILL)  # the server and its worker, at once

            clients = [asyncio.create_task(client()) for _ in range(CLIENTS)]
            await asyncio.wait_for(kill_mid_burst(), 60)
            await asyncio.gather(*clients)
            assert server.wait(10) == -signal.SIGKILL
            assert queue or unanswered, "the kill came after the burst: not a mid-burst crash"
            delivered_before = len(fake.to(RESPONSE_URL))
            fake.holding.set()
            fake.holding = None

            server = start_server(db_url, fake, port, log)
            await wait_healthy(session, port)
            await until(lambda: len(fake.to(RESPONSE_URL)) >= len(acked), 30 + LEASE_SECONDS)
            await asyncio.sleep(LEASE_SECONDS + 0.5)  # room for a double to show up

        replies = Counter(call.path.rsplit("/", 1)[1] for call in fake.to(RESPONSE_URL))
        lost = [h for h in acked if replies[h] == 0]
        doubled = [h for h in replies if replies[h] > 1]
        print(f"{db_url.split(':')[0]}: {len(acked)} acknowledged, {len(busy)} busy, "
              f"{len(unanswered)} unanswered at the kill; {delivered_before} replies before "
              f"the kill, {fake.held} held; lost {len(lost)}, doubled {len(doubled)}")
        assert (len(lost), len(doubled)) == (0, 0), (lost[:5], doubled[:5])
        assert not [h for h in busy if replies[h]]  # "busy" means nothing was taken in
        assert len(acked) >= COMMANDS // 2
        assert "Traceback" not in log.read_text()
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # a worker left behind
        await fake.close()
