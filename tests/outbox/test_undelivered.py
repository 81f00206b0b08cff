"""Item 8: parked messages are visible (healthz counts, a coordinator's list without bodies)
and retried on request, once."""

from __future__ import annotations

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_runtime
from bot.server import build_web_app
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, CommandInvoked
from conversations.replies import Text, message_to_dict, without_markers
from storage.db import Store
from tests.outbox.test_platforms import settings_for

HR = Actor("console", "hr", display_name="Hanna", locale="en")


async def park(store: Store, clock: FakeClock, key: str, person: str, reason: str,
               group: list[str] | None = None) -> int:
    async with store.unit() as repos:
        await repos.outbox.enqueue(key, person, message_to_dict(Text(f"secret words {key}")),
                                   clock.now(), group_keys=group)
        message = await repos.outbox.claim_next(person.split(":")[0], clock.now(),
                                                timedelta(minutes=3))
        assert message is not None
        await repos.outbox.park(message.id, clock.now(), reason)
        return message.id


async def say(core: TandemCore, text: str, actor: Actor = HR) -> str:
    outcome = await core.handle(CommandInvoked(actor, text))
    assert outcome.outcome == "ok", outcome
    return without_markers("\n".join(r.markdown for r in outcome.replies if isinstance(r, Text)))


async def test_coordinators_list_retry_and_dismiss_parked_messages(
        core: TandemCore, clock: FakeClock) -> None:
    store = core.store
    async with store.unit() as repos:
        await repos.people.upsert(key="console:mia", platform="console", platform_user_id="mia",
                                  now=clock.now(), display_name="Mia")
    gone = await park(store, clock, "unmatched:3:console:mia", "console:mia",
                      "unreachable:account_inactive")
    clock.advance(timedelta(hours=1))
    intro = await park(store, clock, "intro:5", "console:mia", "gave_up:slack:http_502",
                       group=["console:mia", "console:erika"])

    listed = await say(core, "messages")
    assert "Messages that could not be delivered (2)" in listed
    assert f"#{intro} tandem introduction to Mia & erika (Console)" in listed
    assert f"#{gone} not matched this round to Mia (Console)" in listed
    assert "cannot be reached there (`account_inactive`)" in listed
    assert "gave up after 1 attempts (last error: `slack:http_502`)" in listed
    assert listed.index(f"#{intro}") < listed.index(f"#{gone}")  # newest first
    assert "secret words" not in listed  # never the body
    german = await say(core, "nachrichten", Actor("console", "hr", locale="de"))
    assert "Nicht zugestellte Nachrichten (2)" in german and "(Konsole)" in german

    assert "is queued again" in await say(core, f"messages retry {intro}")
    assert "is not waiting for you" in await say(core, f"messages retry {intro}")  # twice: once
    assert "is dropped and its text deleted" in await say(core, f"messages dismiss #{gone}")
    assert "Every message was delivered" in await say(core, "messages")
    async with store.unit() as repos:
        assert [m.id for m in await repos.outbox.pending()] == [intro]
        assert (await repos.outbox.counts()).failed == 0
    assert "messages retry 12" in await say(core, "messages retry")  # how to use it
    for odd in ("²", "10²⁰", "99999999999999999999", "٣", "-1"):  # friendly, never a failure
        assert "messages retry 12" in await say(core, f"messages retry {odd}")
        assert "messages retry 12" in await say(core, f"messages dismiss {odd}")

    outsider = Actor("console", "erika", locale="en")
    assert "only the program's coordinators" in await say(core, "messages", outsider)
    assert "only the program's coordinators" in await say(core, f"messages retry {intro}",
                                                          outsider)


async def test_healthz_counts_pending_and_parked_messages(sqlite_url: str,
                                                          clock: FakeClock) -> None:
    runtime = await build_runtime(settings_for(sqlite_url), clock=clock, teams=False)
    client = TestClient(TestServer(build_web_app(runtime), host="127.0.0.1"))
    await client.start_server()
    try:
        async with runtime.store.unit() as repos:
            for i in range(3):
                await repos.outbox.enqueue(f"nudge:{i}", "slack:UEN",
                                           message_to_dict(Text("x")), clock.now())
        await park(runtime.store, clock, "intro:1", "teams:anna", "unreachable:no_reference")
        response = await client.get("/healthz")
        assert response.status == 200
        health = await response.json()
        assert health["outbox"] == {"pending": 3, "failed": 1, "waiting": {"slack": 3}}
        assert health["inbox"] == {"pending": 0, "failed": 0}
    finally:
        await client.close()  # closes the runtime too
