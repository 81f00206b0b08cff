"""A fake Bot Framework connector on loopback: records what the bot sends, answers like Teams."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.teams.display import card_texts


@dataclass
class Call:
    method: str
    path: str
    conversation_id: str
    activity_id: str | None  # replyToId for POST …/activities/{id}, the target for PUT
    body: dict[str, Any]
    response_id: str | None = None  # the id the connector gave a posted message

    @property
    def text(self) -> str:
        """What the person reads: the message's text, else its card's (texts that hold what
        people typed come as cards)."""
        card = self.card
        return str(self.body.get("text") or "") or (card_texts(card) if card else "")

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None


@dataclass
class Upload:
    """Bytes the bot PUT to an upload URL (what OneDrive gets after a file consent)."""

    name: str
    content: bytes
    content_range: str | None


class FakeConnector:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: list[Upload] = []  # PUTs to `upload_url(...)`, in order
        self.upload_status = 201  # what the upload URL answers
        self.failures: list[int] = []  # statuses to answer with, one per call, before success
        self.retry_after = "0"  # the Retry-After those failures carry
        self._ids = itertools.count(1)
        app = web.Application()
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._post_activity)
        app.router.add_post("/v3/conversations/{cid}/activities", self._post_activity)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._put_activity)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_get("/v3/conversations/{cid}/members/{uid}", self._member)
        app.router.add_put("/onedrive/{name}", self._upload)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        await self.server.close()

    @property
    def url(self) -> str:
        return str(self.server.make_url("/"))

    def _failure(self) -> web.Response | None:
        if not self.failures:
            return None
        status = self.failures.pop(0)
        return web.json_response({"error": {"code": "Throttled", "message": "slow down"}},
                                 status=status, headers={"Retry-After": self.retry_after})

    async def _record(self, request: web.Request) -> Call:
        call = Call(request.method, request.path, request.match_info["cid"],
                    request.match_info.get("aid"), await request.json())
        self.calls.append(call)
        return call

    async def _post_activity(self, request: web.Request) -> web.Response:
        if failure := self._failure():
            return failure
        call = await self._record(request)
        call.response_id = f"bot-msg-{next(self._ids)}"
        return web.json_response({"id": call.response_id}, status=201)

    async def _put_activity(self, request: web.Request) -> web.Response:
        if failure := self._failure():
            return failure
        call = await self._record(request)
        return web.json_response({"id": call.activity_id})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        self.calls.append(Call("POST", request.path, "", None, await request.json()))
        return web.json_response({"id": f"a:created-{next(self._ids)}",
                                  "activityId": f"act-{next(self._ids)}"}, status=201)

    def upload_url(self, name: str) -> str:
        """Where Teams would let the bot upload a file the person accepted (OneDrive)."""
        return str(self.server.make_url(f"/onedrive/{name}"))

    async def _upload(self, request: web.Request) -> web.Response:
        if self.upload_status not in (200, 201):
            return web.Response(status=self.upload_status, text="refused")
        self.uploads.append(Upload(request.match_info["name"], await request.read(),
                                   request.headers.get("Content-Range")))
        return web.json_response({"id": "onedrive-item"}, status=self.upload_status)

    def attachments(self, content_type: str) -> list[dict[str, Any]]:
        """Every attachment of this type the bot posted, in order."""
        return [a for c in self.sent() for a in c.body.get("attachments") or []
                if a.get("contentType") == content_type]

    async def _member(self, request: web.Request) -> web.Response:
        uid = request.match_info["uid"]
        return web.json_response({"id": uid, "name": "Someone", "aadObjectId": f"aad-{uid}"})

    # Reading what arrived -------------------------------------------------------------------

    def sent(self, conversation_id: str | None = None) -> list[Call]:
        """Messages posted (replies and proactive), optionally to one conversation."""
        return [c for c in self.calls if c.method == "POST" and "/activities" in c.path
                and (conversation_id is None or c.conversation_id == conversation_id)]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]

    async def wait_for(self, predicate: Callable[[list[Call]], Any],
                       within: float = 5.0) -> Any:
        """Poll until `predicate(calls)` is truthy; replies arrive out of band."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            result = predicate(self.calls)
            if result:
                return result
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out; connector saw {len(self.calls)} calls: "
                                     f"{[(c.method, c.path) for c in self.calls]}")
            await asyncio.sleep(0.01)
