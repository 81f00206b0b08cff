"""What went wrong in a Slack Web API call, in words safe for the log (never the payload)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

# Errors meaning "this person cannot get a DM from us", not "try again later".
UNREACHABLE = frozenset({"user_not_found", "account_inactive", "cannot_dm_bot",
                         "channel_not_found"})
# A trigger_id is single-use and lives 3 s; these mean it can no longer open a modal.
TRIGGER_GONE = frozenset({"expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id"})


def slack_error(exc: BaseException) -> str | None:
    """Slack's error code (`ratelimited`, `user_not_found`, …), or None for other failures."""
    if isinstance(exc, SlackApiError):
        code = exc.response.get("error") if exc.response is not None else None
        return code if isinstance(code, str) else "unknown"
    return None


def error_fields(exc: BaseException) -> dict[str, str | None]:
    """Log fields for a failure: the exception type and Slack's code, nothing else."""
    return {"error": type(exc).__name__, "slack_error": slack_error(exc)}
