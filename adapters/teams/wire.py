"""The HTTP body ⇄ SDK objects: parse an activity strictly, serialise an invoke answer once."""

from __future__ import annotations

import json
from typing import Any

from botbuilder.core import serializer_helper
from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData


class MalformedActivity(ValueError):
    """The body is not an activity we can answer. The message is ours, never the input's."""


def parse_activity(body: dict[str, Any]) -> Activity:
    if not isinstance(body.get("type"), str) or not body["type"]:
        raise MalformedActivity("activity has no type")
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
    # The SDK's Teams handler reads channelData for several activity types and fails on any
    # that is not Teams-shaped; Teams always sends an object.
    if activity.channel_data is not None:
        if not isinstance(activity.channel_data, dict):
            raise MalformedActivity("channelData must be an object")
        try:
            TeamsChannelData().deserialize(activity.channel_data)
        except Exception as exc:
            raise MalformedActivity("channelData does not match the Teams schema") from exc
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
