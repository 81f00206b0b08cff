"""What went wrong in a Slack Web API call, in words safe for the log (never the payload)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

# Errors meaning "this person cannot get a DM from us", not "try again later".
UNREACHABLE = frozenset({"user_not_found", "account_inactive", "cannot_dm_bot",
                         "channel_not_found"})
# conversations.open (a group DM) also names the person it cannot include; errors such as
# missing_scope or too_many_users are ours to fix, not the person's, and stay retryable
# (the sender splits a circle larger than a group DM before asking: sender.MAX_GROUP_DM).
GROUP_UNREACHABLE = UNREACHABLE | {"user_disabled", "user_not_visible",
                                   "invalid_user_combination"}
# chat.postMessage to a channel: the bot is not a member (a public channel without the
# chat:write.public scope we do not ask for, or a private one: `channel_not_found`), or the
# channel was archived. A coordinator's fix (invite the bot), not a later attempt's.
CHANNEL_UNREACHABLE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# A trigger_id is single-use and lives 3 s; these mean it can no longer open a modal.
TRIGGER_GONE = frozenset({"expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id"})


def slack_error(exc: BaseException) -> str | None:
    """Slack's error code (`ratelimited`, `user_not_found`, …), `http_<status>` when the answer
    was not Slack's JSON (a proxy's 502 page, a 405), or None for other failures."""
    if not isinstance(exc, SlackApiError):
        return None
    data = getattr(exc.response, "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    if isinstance(code, str):
        return code
    status = getattr(exc.response, "status_code", None)
    return f"http_{status}" if status else "unknown"


def error_fields(exc: BaseException) -> dict[str, str | None]:
    """Log fields for a failure: the exception type and Slack's code, nothing else."""
    return {"error": type(exc).__name__, "slack_error": slack_error(exc)}
