"""The HTTP body ⇄ SDK objects: parse an activity strictly, serialise an invoke answer once."""

from __future__ import annotations

import json
from typing import Any

from botbuilder.core import serializer_helper
from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData


class MalformedActivity(ValueError):
    """The body is not an activity we can answer. The message is ours, never the input's."""


MAX_ID = 1024  # Teams' ids are a few hundred characters at most


def _bad_id(value: object, required: bool = True) -> bool:
    """Ids become database keys and HTTP headers: printable strings of a sane length only
    (a NUL is refused by PostgreSQL, a lone surrogate by every UTF-8 encoder)."""
    if value is None:
        return required
    return not (isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isprintable())


_STRINGS = ("type", "id", "serviceUrl", "replyToId", "channelId", "locale", "text")
_ACCOUNTS = ("from", "conversation", "recipient")


def _raw_shape_ok(body: dict[str, Any]) -> bool:
    """The SDK's deserializer turns a number or a list into a string (`"[...]"`): check the
    fields we rely on before it does."""
    if any(body.get(k) is not None and not isinstance(body[k], str) for k in _STRINGS):
        return False
    for key in _ACCOUNTS:
        account = body.get(key)
        if account is None:
            continue
        if not isinstance(account, dict) or not all(
                account.get(k) is None or isinstance(account[k], str)
                for k in ("id", "aadObjectId", "tenantId", "conversationType")):
            return False
    return True


def parse_activity(body: dict[str, Any]) -> Activity:
    if not isinstance(body.get("type"), str) or not body["type"]:
        raise MalformedActivity("activity has no type")
    if not _raw_shape_ok(body):
        raise MalformedActivity("activity fields have the wrong types")
    try:
        activity = Activity().deserialize(body)
    except Exception as exc:
        raise MalformedActivity("activity does not match the Bot Framework schema") from exc
    # Every channel activity names its sender, its conversation and where to answer; without
    # them the SDK fails deep inside the turn instead of refusing the request.
    if not isinstance(activity.service_url, str) or not activity.service_url:
        raise MalformedActivity("activity has no serviceUrl")
    if activity.conversation is None or not isinstance(activity.conversation.id, str):
        raise MalformedActivity("activity has no conversation.id")
    if activity.from_property is None or not isinstance(activity.from_property.id, str):
        raise MalformedActivity("activity has no from.id")
    sender, recipient = activity.from_property, activity.recipient
    if any(_bad_id(v) for v in (activity.conversation.id, sender.id)) or any(
            _bad_id(v, required=False) for v in (
                activity.id, activity.reply_to_id, sender.aad_object_id,
                recipient.id if recipient is not None else None)):
        raise MalformedActivity("activity has an id that is not a printable string")
    # The SDK's Teams handler reads channelData for several activity types and fails on any
    # that is not Teams-shaped; Teams always sends an object.
    if activity.channel_data is not None:
        if not isinstance(activity.channel_data, dict):
            raise MalformedActivity("channelData must be an object")
        try:
            channel_data = TeamsChannelData().deserialize(activity.channel_data)
        except Exception as exc:
            raise MalformedActivity("channelData does not match the Teams schema") from exc
        tenant = channel_data.tenant.id if channel_data.tenant is not None else None
        if _bad_id(tenant, required=False):
            raise MalformedActivity("channelData.tenant.id is not a printable string")
    conversation_extra = activity.conversation.additional_properties or {}
    if any(_bad_id(v, required=False) for v in (activity.conversation.tenant_id,
                                               conversation_extra.get("tenantId"))):
        raise MalformedActivity("conversation.tenantId is not a printable string")
    return activity


def _json_ready(value: Any) -> Any:
    """Bodies are usually dicts already (the SDK serialised them); models are serialised here."""
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        pass
    try:
        serialised = serializer_helper(value)
        json.dumps(serialised)
        return serialised
    except Exception:
        return None


def invoke_answer(response: Any) -> tuple[int, Any]:
    """(status, JSON body) for an invoke. 4.17.1's `CloudAdapter.process` serialises twice."""
    status = getattr(response, "status", None)
    body = getattr(response, "body", None)
    return (int(status) if isinstance(status, int) else 200), _json_ready(body)
