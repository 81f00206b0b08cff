"""The Teams adapter: botbuilder's CloudAdapter behind one `receive(body, …)` call.

Two modes. With an app id every activity needs a Bot Framework token. Without one (only on
explicit request, `emulator=True`) the SDK runs unauthenticated like the Bot Framework Emulator,
so only clients on loopback are accepted. In both, the gate (`gate.py`) refuses activities whose
`serviceUrl` or tenant is not allowed before the SDK, the store or the connector sees them.
"""

from __future__ import annotations

import json
import logging
import traceback
from types import SimpleNamespace
from typing import Any

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botframework.connector.auth import AuthenticateRequestResult, AuthenticationConstants

from adapters.teams import keys
from adapters.teams.backoff import Backoff
from adapters.teams.gate import Gate, ServiceUrls, Tenants
from adapters.teams.handler import TandemTeamsHandler
from adapters.teams.refusals import RefusalLog
from adapters.teams.sender import TeamsSender
from adapters.teams.wire import MalformedActivity, invoke_answer, parse_activity
from conversations.core import TandemCore

log = logging.getLogger("tandem.teams")
Answer = tuple[int, dict[str, Any] | list[Any] | str | None]


def _where(exc: BaseException) -> str:
    """Where an error happened, for the log, without its message (it may quote the input)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _public_cloud_endpoints(openid_metadata_url: str) -> dict[str, Any]:
    constants = AuthenticationConstants
    return {
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": openid_metadata_url,
        "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": constants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
        "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": constants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        "TO_CHANNEL_FROM_BOT_LOGIN_URL": constants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL":
            constants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
        "OAUTH_URL": constants.OAUTH_URL,
    }


class TeamsAdapter:
    def __init__(self, core: TandemCore, *, app_id: str, app_password: str, tenant_id: str,
                 app_type: str, service_urls: ServiceUrls | None = None,
                 tenants: Tenants | None = None, emulator: bool = False,
                 openid_metadata_url: str | None = None, key_timeout: float = 10.0,
                 backoff: Backoff | None = None, refusals: RefusalLog | None = None) -> None:
        if not app_id and not emulator:
            raise ValueError("Teams needs an app id, or emulator=True for the unauthenticated "
                             "local mode")
        config = SimpleNamespace(APP_ID=app_id, APP_PASSWORD=app_password,
                                 APP_TENANTID=tenant_id, APP_TYPE=app_type or "MultiTenant")
        if openid_metadata_url:
            # Another key source (a local issuer in tests). The SDK then wants every endpoint
            # spelled out; the others stay the public cloud's.
            config.__dict__.update(_public_cloud_endpoints(openid_metadata_url))
        keys.install(timeout=key_timeout)
        self.core = core
        self.app_id = app_id
        self.app_type = config.APP_TYPE
        self.tenant_id = tenant_id
        self.gate = Gate(service_urls or ServiceUrls.microsoft(), tenants or Tenants(),
                         loopback_only=not app_id)
        self.refusals = refusals or RefusalLog(log, "teams")
        self.cloud = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))
        self.backoff = backoff or Backoff()
        self.sender = TeamsSender(self.cloud, app_id, self.backoff, self.gate)
        self.handler = TandemTeamsHandler(core, self.sender, self.backoff)

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    def describe(self) -> str:
        """How Teams authenticates, for the startup line."""
        if self.authenticated:
            return f"Bot Framework tokens, {self.app_type} app, {self.gate.tenants}"
        tenants = f", {self.gate.tenants}" if self.gate.tenants.allowed else ""
        return f"emulator, no tokens, loopback clients only{tenants}"

    def admit(self, peer: str | None, size: int | None) -> Answer | None:
        """A refusal for a client that may not post at all, before its body is read."""
        if reason := self.gate.check_peer(peer):
            return self._refuse(reason, 403, size, peer, {"error": "forbidden"})
        return None

    async def receive(self, body: bytes, *, content_type: str, authorization: str,
                      peer: str | None) -> Answer:
        """Handle one POST to `/api/messages`: (HTTP status, JSON body or None)."""
        size = len(body)
        if refused := self.admit(peer, size):
            return refused
        if "application/json" not in content_type:
            return self._refuse("not_json", 415, size, peer,
                                {"error": "expected application/json"})
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return self._refuse("not_json", 400, size, peer, {"error": "body is not JSON"})
        if not isinstance(document, dict):
            return self._refuse("not_an_activity", 400, size, peer,
                                {"error": "body must be an activity object"})
        try:
            activity = parse_activity(document)
        except MalformedActivity as exc:
            return self._refuse("malformed", 400, size, peer, {"error": str(exc)})
        if reason := self.gate.check_activity(activity):
            return self._refuse(reason, 401, size, peer, {"error": "unauthorized"})
        auth = await self._authenticate(activity, authorization, size, peer)
        if isinstance(auth, tuple):
            return auth
        extra = {"platform": "teams", "activity_id": activity.id, "activity_type": activity.type}
        try:
            # process_activity, not CloudAdapter.process: see invoke_answer.
            response = await self.cloud.process_activity(auth, activity, self.handler.on_turn)
        except Exception as exc:
            log.error("teams turn failed", extra=extra | {"outcome": "error",
                                                          "error": _where(exc)})
            return 500, {"error": "internal error"}
        if response is None:
            return 201, None
        return invoke_answer(response)

    def _refuse(self, reason: str, status: int, size: int | None, peer: str | None,
                payload: dict[str, Any] | None) -> Answer:
        self.refusals.refused(reason, status=status, size=size, peer=peer)
        return status, payload

    async def _authenticate(self, activity: Any, auth_header: str, size: int | None,
                            peer: str | None) -> AuthenticateRequestResult | Answer:
        # Locally (no app id) a stray header would make the SDK fetch Microsoft's keys: drop it.
        # None, not "": one of the SDK's two code paths only treats None as "no header".
        header = (auth_header or None) if self.authenticated else None
        try:
            return await self.cloud.bot_framework_authentication.authenticate_request(
                activity, header)
        except PermissionError:
            reason = "unauthorized"
        except OSError:  # the key endpoints did not answer (keys.py logged it): not the caller's
            return self._refuse("keys_unavailable", 503, size, peer,
                                {"error": "authentication service unavailable"})
        except Exception as exc:  # expired, malformed or foreign tokens surface as anything
            reason = type(exc).__name__
        return self._refuse(reason, 401, size, peer, {"error": "unauthorized"})
