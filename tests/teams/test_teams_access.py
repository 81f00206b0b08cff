"""Who gets in over Teams: only when configured, only from allowed connectors and tenants.

A refused activity reaches nothing: no answer is POSTed anywhere, no address is stored, the core
never sees it (no person, no processed event).
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.teams.gate import ServiceUrls, Tenants, is_loopback, parse_allowed_url
from bot.config import ConfigError
from conversations.outbox import deliver
from conversations.replies import Text, message_to_dict
from tests.teams.conftest import MakeBot
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import ANNA, HANNA, TENANT, TeamsBot

OTHER_TENANT = "tenant-9999"


class Trap:
    """A TCP port that counts who connects (a local Redis, say): nothing should."""

    def __init__(self) -> None:
        self.connections = 0
        self.server: asyncio.Server | None = None

    async def start(self) -> None:
        async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            writer.close()

        self.server = await asyncio.start_server(accept, "127.0.0.1", 0)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/"


@pytest.fixture
async def trap() -> AsyncIterator[Trap]:
    trap = Trap()
    await trap.start()
    yield trap
    assert trap.server is not None
    trap.server.close()
    await trap.server.wait_closed()


async def nothing_happened(bot: TeamsBot) -> None:
    assert bot.connector.calls == []
    for table in ("addresses", "people", "processed_events", "outbox"):
        assert await bot.count(table) == 0, table


def emulator(connector: FakeConnector, **more: str) -> dict[str, str]:
    return {"TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": connector.url} | more


# 1. Teams only when configured --------------------------------------------------------------

async def test_a_slack_only_install_has_no_teams_endpoint(make_teams_bot: MakeBot) -> None:
    bot = await make_teams_bot({})  # no MICROSOFT_APP_ID, no TEAMS_EMULATOR
    assert bot.runtime.teams is None and "teams" not in bot.runtime.senders

    status, _ = await bot.post(bot.message(HANNA, "tandems"))  # a coordinator, as anyone

    assert status == 404
    await nothing_happened(bot)


def _non_loopback_address() -> str | None:
    """An address of this machine that is not loopback (UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if is_loopback(address) or address == "0.0.0.0" else address


async def test_the_emulator_mode_only_accepts_loopback_clients(
        make_teams_bot: MakeBot, connector: FakeConnector) -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to connect from")
    bot = await make_teams_bot(emulator(connector), host="0.0.0.0")
    port = bot.client.port
    activity = bot.message(HANNA, "tandems")
    session = bot.client.session

    # A header naming loopback changes nothing: the socket's peer address decides.
    async with session.post(f"http://{address}:{port}/api/messages", json=activity,
                            headers={"X-Forwarded-For": "127.0.0.1"}) as response:
        assert response.status == 403
    await nothing_happened(bot)

    async with session.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
        assert response.status == 201  # the same activity from this machine is answered
    await connector.wait_for(lambda calls: calls)


def test_the_peer_address_is_loopback_only_for_this_machine() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1"]))
    assert not any(map(is_loopback, ["192.0.2.2", "::ffff:10.0.0.1", "fd00::2", "", None,
                                     "localhost", "0.0.0.0"]))


# serviceUrl allow-list ------------------------------------------------------------------------

MICROSOFT = ServiceUrls.microsoft()


@pytest.mark.parametrize("url", [
    "https://smba.trafficmanager.net/teams/",
    "https://smba.trafficmanager.net/amer/",
    "https://smba.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net/apac/",
    "https://SMBA.trafficmanager.net:443/emea/",
    "https://smba.infra.gcc.teams.microsoft.com/teams",
    "https://smba.infra.gov.teams.microsoft.us/teams",
    "https://smba.infra.dod.teams.microsoft.us/teams",
])
def test_microsoft_connectors_are_allowed_by_default(url: str) -> None:
    assert MICROSOFT.allows(url)


REFUSED_URLS = [
    "https://smba.trafficmanager.net.evil.example/teams/",
    "https://evil.example/smba.trafficmanager.net/",
    "https://evil.example/?u=https://smba.trafficmanager.net/",
    "https://smba.trafficmanager.net@evil.example/",
    "https://smba.trafficmanager.net:443@evil.example/",
    "https://smba.trafficmanager.net\\@evil.example/",
    "https://xsmba.trafficmanager.net/",
    "https://smba.trafficmanager.net./teams/",
    "https://smba.trafficmanager.net:8443/teams/",
    "http://smba.trafficmanager.net/teams/",
    "ftp://smba.trafficmanager.net/",
    "//smba.trafficmanager.net/teams/",
    " https://smba.trafficmanager.net/teams/",
    "https://smba.trafficmanager.net/teams/\n",
    "https://smba.trafficmanager.net:99999/",
    "http://127.0.0.1:6379/",
    "",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_anything_else_is_refused(url: str) -> None:
    assert not MICROSOFT.allows(url)


def test_an_allowed_prefix_is_matched_at_path_segments() -> None:
    allowed = ServiceUrls.parse("https://connector.example/bots/, http://127.0.0.1:8123")
    assert allowed.allows("https://connector.example/bots/amer/")
    assert allowed.allows("https://connector.example/bots")
    assert not allowed.allows("https://connector.example/botsx/")
    assert not allowed.allows("https://connector.example/")
    assert not allowed.allows("https://connector.example/bots/../admin/")
    assert not allowed.allows("https://connector.example/bots/%2e%2e/admin/")
    assert allowed.allows("http://127.0.0.1:8123/v3/")
    assert not allowed.allows("http://127.0.0.1:8124/")
    assert not any(allowed.allows(value) for value in (None, 5, ["https://connector.example/"]))


@pytest.mark.parametrize("entry", ["ftp://host/", "https://user@host/", "https://host/?q=1",
                                   "https://", "https://host:port/"])
def test_a_bad_allow_list_entry_is_named(entry: str) -> None:
    with pytest.raises(ValueError, match="host"):
        parse_allowed_url(entry)


FOREIGN = ["trap", "https://smba.trafficmanager.net.evil.example/", "default-port"]


@pytest.mark.parametrize("where", FOREIGN)
async def test_a_foreign_service_url_is_refused_before_anything_is_sent_or_stored(
        make_teams_bot: MakeBot, connector: FakeConnector, trap: Trap,
        caplog: pytest.LogCaptureFixture, where: str) -> None:
    bot = await make_teams_bot(emulator(connector))
    url = {"trap": trap.url, "default-port": connector.url.replace(
        f":{connector.server.port}", "")}.get(where, where)
    activity = bot.message(HANNA, "change my secret reason xq7", serviceUrl=url)

    with caplog.at_level(logging.INFO, logger="tandem.teams"):
        status, body = await bot.post(activity)
    await asyncio.sleep(0.05)  # time for an out-of-band reply, were there one

    assert status == 401, body
    await nothing_happened(bot)
    assert trap.connections == 0
    [line] = [r for r in caplog.records if r.name == "tandem.teams"]
    assert (line.getMessage(), line.reason) == ("teams request refused",
                                                "service_url_not_allowed")
    assert "xq7" not in repr(vars(line)) and "evil" not in repr(vars(line))


async def test_the_default_allow_list_is_microsofts_only(
        make_teams_bot: MakeBot, connector: FakeConnector) -> None:
    bot = await make_teams_bot({"TEAMS_EMULATOR": "1"})  # no TEAMS_SERVICE_URLS
    status, _ = await bot.post(bot.message(ANNA, "help"))  # answered at the loopback fake
    assert status == 401
    await nothing_happened(bot)


async def test_a_stored_address_outside_the_allow_list_is_not_sent_to(
        teams_bot: TeamsBot, trap: Trap) -> None:
    # An address stored before the allow-list existed, pointing at a local port.
    await teams_bot.say(ANNA, "help")
    runtime = teams_bot.runtime
    async with runtime.store.unit() as repos:
        reference = await repos.addresses.reference(ANNA.key)
        assert reference is not None
        await repos.addresses.remember(ANNA.key, "teams", reference | {"serviceUrl": trap.url},
                                       runtime.clock.now())
        await repos.outbox.enqueue("change:anna", ANNA.key,
                                   message_to_dict(Text("a private reason")), runtime.clock.now())
    before = len(teams_bot.connector.calls)

    report = await deliver(runtime.store, runtime.clock, runtime.senders)

    assert report.unreachable == ["change:anna"]
    assert trap.connections == 0 and teams_bot.connector.calls[before:] == []


# 2. Tenants -------------------------------------------------------------------------------------

def _with_tenants(activity: dict[str, Any], channel_data: Any, conversation: str | None
                  ) -> dict[str, Any]:
    activity["channelData"] = channel_data
    activity["conversation"] = {"id": activity["conversation"]["id"],
                                "conversationType": "personal"}
    if conversation is not None:
        activity["conversation"]["tenantId"] = conversation
    return activity


NOT_SERVED = (401, "tenant_not_allowed")


@pytest.mark.parametrize("channel_data, conversation, refused", [
    ({"tenant": {"id": OTHER_TENANT}}, None, NOT_SERVED),
    ({"tenant": {"id": OTHER_TENANT}}, OTHER_TENANT, NOT_SERVED),
    ({"tenant": {"id": TENANT}}, OTHER_TENANT, NOT_SERVED),  # two tenants: one is foreign
    ({"tenant": {"id": OTHER_TENANT}}, TENANT, NOT_SERVED),
    ({}, None, NOT_SERVED),  # no tenant at all
    ({"tenant": {"id": 17}}, None, NOT_SERVED),
    ("tenant-0001", None, (400, "malformed")),  # channelData is always an object
], ids=range(7))
async def test_an_activity_from_another_tenant_is_refused(
        make_teams_bot: MakeBot, connector: FakeConnector, caplog: pytest.LogCaptureFixture,
        channel_data: Any, conversation: str | None, refused: tuple[int, str]) -> None:
    bot = await make_teams_bot(emulator(connector, MICROSOFT_APP_TENANT_ID=TENANT))
    activity = _with_tenants(bot.submit(ANNA, {"form_id": "signup", "role": "mentor",
                                               "consent": "yes"}), channel_data, conversation)
    with caplog.at_level(logging.INFO, logger="tandem.teams"):
        status, _ = await bot.post(activity)
    await nothing_happened(bot)
    [line] = [r for r in caplog.records if r.name == "tandem.teams"]
    assert (status, line.reason) == refused
    assert OTHER_TENANT not in repr(vars(line)) and "mentor" not in repr(vars(line))


async def test_allowed_tenants_are_served(make_teams_bot: MakeBot,
                                          connector: FakeConnector) -> None:
    bot = await make_teams_bot(emulator(connector, MICROSOFT_APP_TENANT_ID=TENANT.upper(),
                                        TEAMS_ALLOWED_TENANTS=f" {OTHER_TENANT} ,"))
    assert await bot.say(ANNA, "help")  # TENANT, in the harness' activities
    second = _with_tenants(bot.message(ANNA, "help"), {"tenant": {"id": OTHER_TENANT}},
                           OTHER_TENANT)
    status, _ = await bot.post(second)
    assert status == 201


async def test_without_a_tenant_list_any_tenant_is_served(teams_bot: TeamsBot) -> None:
    activity = _with_tenants(teams_bot.message(ANNA, "help"), {"tenant": {"id": OTHER_TENANT}},
                             None)
    status, _ = await teams_bot.post(activity)
    assert status == 201
    assert str(Tenants()) == "any tenant"


async def test_a_stored_address_in_a_tenant_no_longer_served_is_not_sent_to(
        make_teams_bot: MakeBot, connector: FakeConnector) -> None:
    bot = await make_teams_bot(emulator(connector))
    await bot.say(ANNA, "help")
    async with bot.runtime.store.unit() as repos:
        reference = await repos.addresses.reference(ANNA.key)
    assert reference is not None
    strict = await make_teams_bot(emulator(connector, TEAMS_ALLOWED_TENANTS=OTHER_TENANT))
    before = len(connector.calls)
    with pytest.raises(Exception, match="tenant"):
        await strict.runtime.senders["teams"].send(ANNA.key, reference, Text("hello"))
    assert connector.calls[before:] == []


# What the operator is told -------------------------------------------------------------------

async def test_the_startup_says_how_teams_authenticates(make_teams_bot: MakeBot,
                                                         connector: FakeConnector) -> None:
    single = await make_teams_bot({"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_PASSWORD": "pw",
                                   "MICROSOFT_APP_TYPE": "SingleTenant",
                                   "MICROSOFT_APP_TENANT_ID": TENANT})
    multi = await make_teams_bot({"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_PASSWORD": "pw"})
    both = await make_teams_bot({"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_PASSWORD": "pw",
                                 "TEAMS_EMULATOR": "1"})  # an app id wins: tokens needed
    assert single.runtime.teams and multi.runtime.teams and both.runtime.teams
    assert single.runtime.teams.describe() == \
        f"Bot Framework tokens, SingleTenant app, {TENANT}"
    assert multi.runtime.teams.describe() == "Bot Framework tokens, MultiTenant app, any tenant"
    assert both.runtime.teams.authenticated
    status, _ = await both.post(both.message(ANNA, "help"))  # no token, loopback or not
    assert status == 401


@pytest.mark.parametrize("env, problem", [
    ({"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_TYPE": "SingleTenant"},
     "MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID"),
    ({"TEAMS_EMULATOR": "1", "TEAMS_SERVICE_URLS": "https://ok.example/, ftp://no.example/"},
     "TEAMS_SERVICE_URLS: 'ftp://no.example/'"),
])
async def test_a_teams_setting_that_cannot_work_is_named_at_start(
        make_teams_bot: MakeBot, env: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(problem)):
        await make_teams_bot(env)
