"""The Teams adapter: botbuilder's CloudAdapter behind one `process(body, auth_header)` call.

With an empty app id the SDK runs unauthenticated, like the Bot Framework Emulator: inbound
needs no token and replies carry none. `bot/app.py` warns loudly when that is the case.
"""

from __future__ import annotations

import logging
import traceback
from types import SimpleNamespace
from typing import Any

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botframework.connector.auth import AuthenticateRequestResult, AuthenticationConstants

from adapters.teams.backoff import Backoff
from adapters.teams.handler import TandemTeamsHandler
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
                 app_type: str, openid_metadata_url: str | None = None,
                 backoff: Backoff | None = None) -> None:
        config = SimpleNamespace(APP_ID=app_id, APP_PASSWORD=app_password,
                                 APP_TENANTID=tenant_id, APP_TYPE=app_type or "MultiTenant")
        if openid_metadata_url:
            # Another key source (a local issuer in tests). The SDK then wants every endpoint
            # spelled out; the others stay the public cloud's.
            config.__dict__.update(_public_cloud_endpoints(openid_metadata_url))
        self.core = core
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.cloud = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))
        self.backoff = backoff or Backoff()
        self.sender = TeamsSender(self.cloud, app_id, self.backoff)
        self.handler = TandemTeamsHandler(core, self.sender, self.backoff)

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    async def process(self, body: dict[str, Any], auth_header: str) -> Answer:
        """Handle one POST to `/api/messages`: (HTTP status, JSON body or None)."""
        try:
            activity = parse_activity(body)
        except MalformedActivity as exc:
            log.info("teams activity refused", extra={"platform": "teams", "outcome": "malformed",
                                                      "reason": str(exc)})
            return 400, {"error": str(exc)}
        extra = {"platform": "teams", "activity_id": activity.id, "activity_type": activity.type}
        auth = await self._authenticate(activity, auth_header, extra)
        if isinstance(auth, tuple):
            return auth
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

    async def _authenticate(self, activity: Any, auth_header: str,
                            extra: dict[str, Any]) -> AuthenticateRequestResult | Answer:
        # Locally (no app id) a stray header would make the SDK fetch Microsoft's keys: drop it.
        # None, not "": one of the SDK's two code paths only treats None as "no header".
        header = (auth_header or None) if self.authenticated else None
        try:
            return await self.cloud.bot_framework_authentication.authenticate_request(
                activity, header)
        except PermissionError:
            reason = "unauthorized"
        except OSError as exc:  # the key endpoints did not answer: not the caller's fault
            log.error("teams auth metadata unavailable", extra=extra | {"error": _where(exc)})
            return 503, {"error": "authentication service unavailable"}
        except Exception as exc:  # expired, malformed or foreign tokens surface as anything
            reason = type(exc).__name__
        log.warning("teams request refused", extra=extra | {"outcome": "unauthorized",
                                                            "reason": reason})
        return 401, {"error": "unauthorized"}
