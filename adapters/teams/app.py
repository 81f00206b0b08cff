"""Teams adapter (botbuilder CloudAdapter). PLACEHOLDER: being written."""

from __future__ import annotations

from typing import Any

from conversations.core import TandemCore


class TeamsAdapter:
    def __init__(self, core: TandemCore, *, app_id: str, app_password: str, tenant_id: str,
                 app_type: str) -> None:
        self.core = core
        self.sender: Any = None

    async def process(self, body: dict[str, Any], auth_header: str) -> tuple[int, Any]:
        return 501, {"error": "teams adapter not written yet"}
