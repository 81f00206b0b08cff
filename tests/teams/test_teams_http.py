"""`/api/messages` at the HTTP level: bad bodies, invokes and (with an app id) tokens."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from adapters.teams.app import TeamsAdapter
from adapters.teams.gate import ServiceUrls
from bot.server import build_web_app
from conversations.core import TandemCore
from tests.teams.harness import ANNA, TeamsBot

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
    [],
    "message",
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
async def test_malformed_bodies_get_400(teams_bot: TeamsBot, body: Any) -> None:
    status, text = await teams_bot.post(body)
    assert status == 400, text
    assert "Traceback" not in text and "yesterday" not in text
    assert teams_bot.connector.calls == []


async def test_a_body_that_is_not_json_gets_400(teams_bot: TeamsBot) -> None:
    response = await teams_bot.client.post("/api/messages", data=b"{not json",
                                           headers={"Content-Type": "application/json"})
    assert response.status == 400


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

    def do_GET(self) -> None:
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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/openid", key
    server.shutdown()
    server.server_close()


def token(key: Any, service_url: str, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10,
               "iat": now - 10, "exp": now + 600} | claims
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "k1"})


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
    async with runtime.store.unit() as repos:  # the accepted request ran a whole turn
        assert await repos.addresses.reference(ANNA.key) is not None
