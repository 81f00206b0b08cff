"""The door before bolt: a Slack request is signed, recent, and shaped as Slack shapes it, or
it is refused with 401/400 and one short log line (reason and size, never the body).

Why before bolt: bolt parses the body before it checks the signature (a non-JSON body was a 500
with a traceback), logs the whole body of a request that fails verification (what people
typed, and 50 MB of log in 1.3 s from one unauthenticated client), and reads fields such as
`event`, `team` or `actions` assuming their types (a string `event` was a 500). Bolt still
verifies again behind this; the signature check is slack-sdk's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock, SignatureVerifier

from adapters.slack.ratelog import RateLimitedLog

log = logging.getLogger("tandem.slack")

MAX_AGE_SECONDS = 5 * 60  # Slack's own rule for request timestamps

# Field → the JSON types Slack sends there, checked at every level bolt reads ids from (the
# body, its `event`, a changed message, each authorization). Anything else is not Slack's.
_TEXT = (str,)
_OBJECT_OR_ID = (dict, str)
_FIELDS: dict[str, tuple[type, ...]] = {
    "type": _TEXT, "subtype": _TEXT, "event_id": _TEXT, "team_id": _TEXT, "user_id": _TEXT,
    "channel_id": _TEXT, "enterprise_id": _TEXT, "api_app_id": _TEXT, "command": _TEXT,
    "text": _TEXT, "trigger_id": _TEXT, "response_url": _TEXT, "thread_ts": _TEXT,
    "channel_type": _TEXT, "bot_id": _TEXT, "user_team": _TEXT, "challenge": _TEXT,
    "function_execution_id": _TEXT, "bot_access_token": _TEXT, "token": _TEXT,
    "team": _OBJECT_OR_ID, "user": _OBJECT_OR_ID, "channel": _OBJECT_OR_ID,
    "enterprise": _OBJECT_OR_ID,
    "event": (dict,), "view": (dict,), "message": (dict,), "previous_message": (dict,),
    "item": (dict,), "container": (dict,), "function_data": (dict,),
    "assistant_thread": (dict,),
    "authorizations": (list,), "actions": (list,), "response_urls": (list,),
    "is_enterprise_install": (bool, str), "is_ext_shared_channel": (bool, str),
}
# Containers bolt reads into (body.get("event", {}).get(…), body["actions"][0]): Slack leaves
# them out rather than sending null, and a null crashes bolt.
_NOT_NULL = tuple(name for name, allowed in _FIELDS.items() if allowed in ((dict,), (list,)))
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread")
_IDS = ("team", "user", "channel", "enterprise")  # objects bolt reads an `id` from
_VIEW_TEXT = ("type", "callback_id", "team_id", "app_installed_team_id", "id",
              "private_metadata")
_ACTION_TEXT = ("type", "action_id", "block_id", "value", "action_ts")


@dataclass(frozen=True)
class Rejection:
    status: int  # 400 malformed, 401 not signed by Slack (or too old)
    reason: str


def _fields_problem(data: dict[str, Any], where: str, depth: int = 0) -> str | None:
    for name, allowed in _FIELDS.items():
        value = data.get(name)
        if value is not None and not isinstance(value, allowed):
            return f"{where}{name}"
    for name in _NOT_NULL:
        if name in data and data[name] is None:
            return f"{where}{name}"
    for name in _IDS:
        value = data.get(name)
        if isinstance(value, dict) and not isinstance(value.get("id", ""), str):
            return f"{where}{name}.id"
    for name in ("authorizations", "response_urls"):
        if not all(isinstance(entry, dict) for entry in data.get(name) or []):
            return f"{where}{name}"
    if depth < 3:
        for name in _NESTED:
            nested = data.get(name)
            if isinstance(nested, dict):
                problem = _fields_problem(nested, f"{where}{name}.", depth + 1)
                if problem:
                    return problem
        for entry in data.get("authorizations") or []:
            problem = _fields_problem(entry, f"{where}authorizations.", depth + 1)
            if problem:
                return problem
    return None


def shape_problem(body: Any) -> str | None:
    """The first field that is not what Slack sends there (its name, never its value)."""
    if not isinstance(body, dict):
        return "body"
    problem = _fields_problem(body, "")
    if problem:
        return problem
    view = body.get("view")
    if isinstance(view, dict):
        for name in _VIEW_TEXT:
            if view.get(name) is not None and not isinstance(view[name], str):
                return f"view.{name}"
        if body.get("type") in ("view_submission", "view_closed") and not isinstance(
                view.get("type"), str):
            return "view.type"  # bolt's matcher reads it unguarded
        if not isinstance(view.get("state") or {}, dict) or not isinstance(
                view.get("blocks") or [], list):
            return "view"
    if body.get("actions") == [] and body.get("type") in ("block_actions", "interactive_message"):
        return "actions"  # bolt reads the first action unguarded
    for action in body.get("actions") or []:
        if not isinstance(action, dict):
            return "actions"
        if body.get("type") == "block_actions" and "action_id" not in action:
            return "actions.action_id"  # bolt's matcher reads it unguarded
        for name in _ACTION_TEXT:
            if action.get(name) is not None and not isinstance(action[name], str):
                return f"actions.{name}"
    return None


class _WallClock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class RequestGate:
    """`admit(raw, headers)` → the request for bolt (parsed once), else the Rejection."""

    def __init__(self, signing_secret: str, *, now: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic,
                 log_per_minute: int = 10) -> None:
        self._now = now
        self._verifier = SignatureVerifier(signing_secret, clock=_WallClock(now))
        self.rejected = 0
        self._log = RateLimitedLog(log, "slack request rejected", now=monotonic,
                                   per_interval=log_per_minute, interval=60.0)

    def admit(self, raw: bytes, headers: Mapping[str, str], query: str = "",
              peer: str | None = None) -> AsyncBoltRequest | Rejection:
        verdict = self._verdict(raw, headers, query)
        if isinstance(verdict, Rejection):
            self.rejected += 1
            self._log.log(reason=verdict.reason, status=verdict.status, bytes=len(raw),
                          peer=peer)
        return verdict

    def _verdict(self, raw: bytes, headers: Mapping[str, str],
                 query: str) -> AsyncBoltRequest | Rejection:
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not timestamp or not signature:
            return Rejection(401, "unsigned")
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            return Rejection(401, "bad_timestamp")
        if abs(self._now() - int(timestamp)) > MAX_AGE_SECONDS:
            return Rejection(401, "stale_timestamp")
        try:
            text = raw.decode("utf-8")  # Slack sends UTF-8; slack-sdk's check decodes too
        except UnicodeDecodeError:
            return Rejection(400, "not_utf8")
        if not self._verifier.is_valid(text, timestamp, signature):
            return Rejection(401, "bad_signature")
        try:  # bolt parses the body and reads ids from it here: odd shapes raise
            request = AsyncBoltRequest(body=text, query=query, headers=dict(headers))
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
            return Rejection(400, "malformed")
        problem = shape_problem(request.body)
        if problem is not None:
            return Rejection(400, f"unexpected {problem}"[:80])
        return request
