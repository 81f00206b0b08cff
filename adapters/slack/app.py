"""Slack adapter (slack-bolt AsyncApp). PLACEHOLDER: being written."""

from __future__ import annotations

from typing import Any

from conversations.core import TandemCore


class SlackAdapter:
    def __init__(self, core: TandemCore, *, bot_token: str, signing_secret: str,
                 api_url: str | None = None) -> None:
        raise NotImplementedError

    bolt_app: Any
    sender: Any

    async def close(self) -> None: ...
