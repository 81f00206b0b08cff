"""The work an ack leaves behind, as plain data: the payload Slack sent, by kind.

Plain JSON so the same job can run here (the in-process queue) or in a worker process fed over
a pipe (`bot.slack_worker`); `SlackAdapter.run_job` runs it either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, cast

Kind = Literal["command", "message", "action"]
KINDS: frozenset[str] = frozenset({"command", "message", "action"})


@dataclass(frozen=True)
class SlackJob:
    kind: Kind
    body: dict[str, Any]  # the request body bolt parsed (command form, event, interaction)
    retry: str | None = None  # X-Slack-Retry-Num of an event delivery, for the log

    def to_line(self) -> bytes:
        """One line of JSON (no newline inside: json.dumps escapes them)."""
        return json.dumps({"kind": self.kind, "body": self.body, "retry": self.retry},
                          separators=(",", ":")).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> SlackJob:
        data = json.loads(line)
        kind, body, retry = data.get("kind"), data.get("body"), data.get("retry")
        if kind not in KINDS or not isinstance(body, dict):
            raise ValueError(f"not a slack job: kind={kind!r}")
        return cls(cast(Kind, kind), body, retry if isinstance(retry, str) else None)
