"""`/api/messages` at the HTTP level: bad bodies, invokes and (with an app id) tokens."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from adapters.teams.app import TeamsAdapter
from adapters.teams.gate import ServiceUrls, Tenants
from bot.server import build_web_app
from conversations.core import TandemCore
from tests.teams.harness import ANNA, SIGNUP, TENANT, TeamsBot

MALFORMED: list[Any] = [
    {},
    {"type": 5},
    {"type": "message"},  # no serviceUrl, conversation or sender
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": "anna",
     "conversation": {"id": "a:1"}},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}, "timestamp": "yesterday"},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}, "entities": "mention"},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}, "channelData": "tenant"},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}, "channelData": {"tenant": ["t"]}},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}, "timestamp": 10**20},
    {"type": "message", "serviceUrl": "http://127.0.0.1:9/", "from": {"id": "29:a\u0000"},
     "conversation": {"id": "a:1"}},
    {"type": "message", "serviceUrl": ["http://127.0.0.1:9/"], "from": {"id": "29:a"},
     "conversation": {"id": "a:1"}},
    [],
    "message",
    10**20,
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
async def test_malformed_bodies_get_400(teams_bot: TeamsBot, body: Any) -> None:
    status, text = await teams_bot.post(body)
    assert status == 400, text
    assert "Traceback" not in text and "yesterday" not in text
    assert teams_bot.connector.calls == []


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe{}", b"[" * 100_000, b"",
                                  b'{"type": "message", "text": "\\ud800"'])
async def test_a_body_that_is_not_json_gets_400(teams_bot: TeamsBot, body: bytes) -> None:
    response = await teams_bot.client.post("/api/messages", data=body,
                                           headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert "Traceback" not in await response.text()


@pytest.mark.parametrize("name, value", [
    ("adaptiveCard/action", {"action": {"type": "Action.Execute", "verb": "join"}}),
    ("adaptiveCard/action", {"action": {"type": "Action.Submit"}}),  # an error body
    ("task/fetch", {"data": {}}),
    ("composeExtension/query", None),
])
async def test_invokes_are_answered_without_a_500(teams_bot: TeamsBot, name: str,
                                                   value: Any) -> None:
    activity = teams_bot.activity(ANNA, "invoke", name=name, value=value)
    status, text = await teams_bot.post(activity)
    assert status not in (500, 201), text
    assert "Traceback" not in text and "is_xml_model" not in text
    if text:
        json.loads(text)  # one JSON document, serialised once


async def test_activities_we_do_not_handle_are_accepted_quietly(teams_bot: TeamsBot) -> None:
    for type_ in ("typing", "messageReaction", "event", "endOfConversation"):
        status, _ = await teams_bot.post(teams_bot.activity(ANNA, type_))
        assert status == 201
    assert teams_bot.connector.calls == []


# With an app id: tokens are checked against keys served on loopback -------------------------

APP_ID = "00000000-0000-0000-0000-00000000b07"
ISSUER = "https://api.botframework.com"  # what the Bot Framework puts in `iss`


class _KeyServer(BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, Any]] = {}
    hang: ClassVar[threading.Event | None] = None  # set: answers only when it is released

    def do_GET(self) -> None:
        if self.hang is not None:
            self.hang.wait(timeout=10)
        body = json.dumps(self.documents.get(self.path, {})).encode()
        self.send_response(200 if self.path in self.documents else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def issuer() -> Iterator[tuple[str, Any]]:
    """OpenID metadata and a JWKS on loopback, from a thread: the SDK fetches them blocking."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeyServer)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    _KeyServer.documents = {
        "/openid": {"issuer": ISSUER, "jwks_uri": f"{base}/keys",
                    "id_token_signing_alg_values_supported": ["RS256"]},
        "/keys": {"keys": [jwk | {"kid": "k1", "use": "sig", "endorsements": ["msteams"]}]},
    }
    _KeyServer.hang = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/openid", key
    if _KeyServer.hang is not None:
        _KeyServer.hang.set()
    server.shutdown()
    server.server_close()


def token(key: Any, service_url: str, kid: str = "k1", **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10,
               "iat": now - 10, "exp": now + 600} | claims
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


async def test_tokens_are_checked_when_an_app_id_is_set(
        teams_bot: TeamsBot, issuer: tuple[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    metadata_url, key = issuer
    runtime = teams_bot.runtime
    runtime.teams = TeamsAdapter(TandemCore(runtime.store, runtime.program, runtime.clock),
                                 app_id=APP_ID, app_password="not-used", tenant_id="",
                                 app_type="MultiTenant", openid_metadata_url=metadata_url,
                                 service_urls=ServiceUrls.parse(teams_bot.connector.url))
    async with TestClient(TestServer(build_web_app(runtime), host="127.0.0.1")) as client:
        # A typing activity needs no reply, so no token is fetched from Microsoft for sending.
        activity = teams_bot.activity(ANNA, "typing")
        url = activity["serviceUrl"]

        async def post(authorization: str | None) -> int:
            headers = {"Authorization": authorization} if authorization else {}
            response = await client.post("/api/messages", json=activity, headers=headers)
            assert "Traceback" not in await response.text()
            return response.status

        valid = token(key, url)
        assert await post(f"Bearer {valid}") == 201
        assert await post(f"Bearer {token(key, url, aud='someone-else')}") == 401
        assert await post(f"Bearer {token(key, 'https://evil.example/')}") == 401
        assert await post(f"Bearer {token(key, url, exp=int(time.time()) - 3600)}") == 401
        assert await post("Bearer not-a-jwt") == 401
        assert await post(None) == 401
    assert not [r for r in caplog.records if valid[-20:] in repr(vars(r))]


async def test_a_single_tenant_bot_refuses_a_signed_sign_up_from_another_tenant(
        teams_bot: TeamsBot, issuer: tuple[str, Any]) -> None:
    metadata_url, key = issuer
    runtime = teams_bot.runtime
    runtime.teams = TeamsAdapter(TandemCore(runtime.store, runtime.program, runtime.clock),
                                 app_id=APP_ID, app_password="not-used", tenant_id=TENANT,
                                 app_type="SingleTenant", openid_metadata_url=metadata_url,
                                 service_urls=ServiceUrls.parse(teams_bot.connector.url),
                                 tenants=Tenants.parse(TENANT))
    activity = teams_bot.submit(ANNA, SIGNUP)
    activity["channelData"] = {"tenant": {"id": "tenant-9999"}}
    activity["conversation"]["tenantId"] = "tenant-9999"
    async with TestClient(TestServer(build_web_app(runtime), host="127.0.0.1")) as client:
        response = await client.post("/api/messages", json=activity, headers={
            "Authorization": f"Bearer {token(key, activity['serviceUrl'])}"})
        assert response.status == 401
    assert await teams_bot.count("enrollments") == 0
    assert await teams_bot.count("people") == 0
    assert teams_bot.connector.calls == []


# 3. A key endpoint that hangs ----------------------------------------------------------------

class _HangingKeyServer(BaseHTTPRequestHandler):
    """Takes the request for the OpenID metadata and answers only when released."""

    release = threading.Event()
    asked = threading.Event()
    seen = 0

    def do_GET(self) -> None:
        type(self).seen += 1
        type(self).asked.set()
        type(self).release.wait(timeout=10)
        self.send_response(503)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def hanging_issuer() -> Iterator[str]:
    _HangingKeyServer.release, _HangingKeyServer.asked = threading.Event(), threading.Event()
    _HangingKeyServer.seen = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HangingKeyServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/openid"
    _HangingKeyServer.release.set()
    server.shutdown()
    server.server_close()


async def test_a_hanging_key_endpoint_leaves_the_server_answering(
        teams_bot: TeamsBot, hanging_issuer: str) -> None:
    runtime = teams_bot.runtime
    key_timeout = 1.0
    runtime.teams = TeamsAdapter(TandemCore(runtime.store, runtime.program, runtime.clock),
                                 app_id=APP_ID, app_password="not-used", tenant_id="",
                                 app_type="MultiTenant", openid_metadata_url=hanging_issuer,
                                 service_urls=ServiceUrls.parse(teams_bot.connector.url),
                                 key_timeout=key_timeout)
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    activity = teams_bot.activity(ANNA, "typing")
    headers = {"Authorization": f"Bearer {token(forger, activity['serviceUrl'])}"}
    loop = asyncio.get_running_loop()
    async with TestClient(TestServer(build_web_app(runtime), host="127.0.0.1")) as client:

        async def forged() -> int:
            async with client.post("/api/messages", json=activity, headers=headers) as response:
                return response.status

        health: dict[str, float] = {}

        def ask_for_health() -> None:
            # From another thread, by the wall clock: a blocked loop cannot hide its own delay.
            assert _HangingKeyServer.asked.wait(5)  # the key fetch is under way, and hangs
            asked = time.monotonic()
            with urllib.request.urlopen(f"http://127.0.0.1:{client.port}/healthz",
                                        timeout=5) as response:
                health["status"] = response.status
            health["s"] = time.monotonic() - asked
            health["tokens_done"] = sum(task.done() for task in tokens)

        started = loop.time()
        tokens = [asyncio.create_task(forged()) for _ in range(20)]
        await asyncio.to_thread(ask_for_health)
        healthz_s = health["s"]

        assert health["status"] == 200
        assert health["tokens_done"] == 0  # answered while the tokens still wait
        assert healthz_s < 1.0
        statuses = await asyncio.gather(*tokens)
        ended_s = loop.time() - started
        assert set(statuses) == {503}  # the keys were not there: not the caller's fault
        assert _HangingKeyServer.seen == 1  # twenty tokens, one fetch
        assert key_timeout <= ended_s < key_timeout + 2

        asked = loop.time()  # right after a failed fetch: refused at once, no new fetch
        assert await forged() == 503
        again_s = loop.time() - asked
        assert _HangingKeyServer.seen == 1
    print(f"\n/healthz {healthz_s * 1000:.1f} ms while the key endpoint hung; 20 forged "
          f"tokens ended after {ended_s:.2f} s (timeout {key_timeout} s); next one "
          f"{again_s * 1000:.1f} ms")


async def test_known_keys_keep_working_while_their_daily_refresh_hangs(
        teams_bot: TeamsBot, issuer: tuple[str, Any]) -> None:
    metadata_url, key = issuer
    runtime = teams_bot.runtime
    runtime.teams = TeamsAdapter(TandemCore(runtime.store, runtime.program, runtime.clock),
                                 app_id=APP_ID, app_password="not-used", tenant_id="",
                                 app_type="MultiTenant", openid_metadata_url=metadata_url,
                                 service_urls=ServiceUrls.parse(teams_bot.connector.url),
                                 key_timeout=5.0)
    activity = teams_bot.activity(ANNA, "typing")
    url = activity["serviceUrl"]
    async with TestClient(TestServer(build_web_app(runtime), host="127.0.0.1")) as client:

        async def post(bearer: str) -> int:
            headers = {"Authorization": f"Bearer {bearer}"}
            async with client.post("/api/messages", json=activity, headers=headers) as response:
                return response.status

        assert await post(token(key, url)) == 201  # the keys are fetched once
        source = JwtTokenExtractor.metadataCache.get(metadata_url)
        source.last_updated -= timedelta(days=2)  # a day later, Microsoft's endpoint hangs
        _KeyServer.hang = threading.Event()
        loop = asyncio.get_running_loop()
        asked = loop.time()
        assert await post(token(key, url)) == 201
        assert loop.time() - asked < 1.0  # answered with the keys it had, not after 5 s
        assert await post(token(key, url, kid="unknown")) == 401  # not an IndexError's 500
