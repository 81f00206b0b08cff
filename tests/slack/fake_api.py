"""A fake Slack Web API on loopback: answers like Slack, records every call, fails on request.

It also serves the `response_url`s of slash commands and clicks (`/response/<hook>`), so a test
sees every message the bot sends in one list of calls.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

TEAM = "T0TANDEM"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
RESPONSE_URL = "response_url"  # the `method` recorded for posts to a response_url
SOCKET_ACK = "socket ack"  # … and for what the bot sends back over the Socket Mode WebSocket


@dataclass
class Call:
    method: str  # "chat.postMessage", … or RESPONSE_URL
    path: str
    body: dict[str, Any]
    status: int
    authorization: str | None = None
    answer: dict[str, Any] | None = None  # what the fake answered (a posted message's ts)


@dataclass
class Upload:
    """A file as Slack got it: announced (files.getUploadURLExternal), its bytes POSTed to the
    upload URL, then shared into a channel (files.completeUploadExternal)."""

    file_id: str
    filename: str
    length: int
    alt_txt: str | None
    content: bytes | None = None  # the upload URL's body
    channel: str | None = None  # where completeUploadExternal shared it
    title: str | None = None
    initial_comment: str | None = None


def dm_channel(user_id: str) -> str:
    """The id of a user's DM with the bot, as Slack answers a post to their user id."""
    return "D" + user_id.rjust(10, "0")


# files.completeUploadExternal takes conversation ids only (Slack's own check).
_CONVERSATION_ID = re.compile(r"^[CGDZ][A-Z0-9]{8,}$")


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


def slack_user(user_id: str, name: str, locale: str, tz: str) -> dict[str, Any]:
    return {"id": user_id, "team_id": TEAM, "name": name.lower(), "real_name": name, "tz": tz,
            "tz_offset": 3600, "locale": locale, "is_bot": False,
            "profile": {"display_name": name, "real_name": name}}


class FakeSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {
            "UDE": slack_user("UDE", "Greta", "de-DE", "Europe/Berlin"),
            "UEN": slack_user("UEN", "Alex", "en-US", "Europe/Berlin"),
            "UMENTOR": slack_user("UMENTOR", "Mia", "en-US", "Europe/Berlin"),
            "UCOORD": slack_user("UCOORD", "Hanna", "en-US", "Europe/Berlin"),
            "UAZUBI": slack_user("UAZUBI", "Sam", "en-US", "Europe/Berlin"),
            "UKAI": slack_user("UKAI", "Kai", "en-US", "Europe/Berlin"),
        }
        # chat.postMessage channel (a user id for DMs) → Slack error code; conversations.open
        # refuses a group with such a user the same way.
        self.unreachable: dict[str, str] = {}
        self.group_dms: dict[str, tuple[str, ...]] = {}  # channel id → members, as opened
        self.delays: dict[str, float] = {}  # method → seconds before it answers
        # Awaited with the method before each answer: a test's slow API in virtual time
        # (sleep a little, advance a FakeClock by what the call "took").
        self.before_answer: Callable[[str], Awaitable[None]] | None = None
        self.refused: dict[str, int] = {}  # method → HTTP status with a plain-text body
        self._failures: dict[str, list[Failure]] = defaultdict(list)
        self._views = 0
        self.homes: dict[str, dict[str, Any]] = {}  # user id → their published Home tab view
        self.uploads: dict[str, Upload] = {}  # file id → the file, as far as it got
        self.upload_refused: int | None = None  # the upload URL answers this status once
        # While set, posts to a response_url wait here and are never recorded: what a sender
        # that dies mid-post has not delivered.
        self.holding: asyncio.Event | None = None
        self.held = 0
        # method → event: the next call to it is done and recorded (Slack has it), and its
        # answer waits for the event: a sender killed mid-call never hears it went through.
        self.hang_once: dict[str, asyncio.Event] = {}
        self.hung = 0
        self.spent_hooks: set[str] = set()  # response_urls that answer 404 (used up, expired)
        # Socket Mode: envelopes to push over the WebSocket (acks are recorded as calls).
        self.socket_envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{hook}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._socket)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        await self.server.close()

    @property
    def api_url(self) -> str:
        return str(self.server.make_url("/api/"))

    def response_url(self, hook: str) -> str:
        return str(self.server.make_url(f"/response/{hook}"))

    def fail_next(self, method: str, status: int = 429, retry_after: int = 0,
                  error: str = "ratelimited") -> None:
        """The next call to `method` fails: 429 with Retry-After, a 5xx, or (status 200) a
        Slack error such as `expired_trigger_id`."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        self._failures[method].append(Failure(status, headers, {"ok": False, "error": error}))

    def to(self, method: str, where: Callable[[Call], bool] | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (where is None or where(c))]

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0,
                       where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Poll until `count` matching calls arrived (the bot replies after its ack)."""
        deadline = time.monotonic() + within
        while True:
            found = self.to(method, where)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"expected {count} call(s) to {method}, saw {seen}")
            await asyncio.sleep(0.01)

    # -- routes ----------------------------------------------------------------------------

    @staticmethod
    async def _parse(request: web.Request) -> dict[str, Any]:
        data: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            data.update(await request.json())
        elif request.can_read_body:
            data.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        for key in ("blocks", "view"):  # form-encoded calls carry these as JSON strings
            if isinstance(data.get(key), str):
                data[key] = json.loads(data[key])
        return data

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await self._parse(request)
        await asyncio.sleep(self.delays.get(method, 0.0))
        if self.before_answer is not None:
            await self.before_answer(method)
        auth = request.headers.get("Authorization")
        if method in self.refused:  # not Slack's JSON: what a proxy or a wrong route answers
            status = self.refused[method]
            self.calls.append(Call(method, request.path, body, status, auth))
            return web.Response(status=status, text=f"{status}: refused")
        if self._failures[method]:
            failure = self._failures[method].pop(0)
            self.calls.append(Call(method, request.path, body, failure.status, auth))
            return web.json_response(failure.body, status=failure.status,
                                     headers=failure.headers)
        answer = self._answer(method, body)
        self.calls.append(Call(method, request.path, body, 200, auth, answer))
        if (hang := self.hang_once.pop(method, None)) is not None:
            self.hung += 1
            await hang.wait()
        return web.json_response(answer)

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        match method:
            case "auth.test":
                return {"ok": True, "url": "https://tandem-test.slack.com/", "team": "Tandem",
                        "user": "tandem", "team_id": TEAM, "user_id": BOT_USER,
                        "bot_id": BOT_ID, "is_enterprise_install": False}
            case "users.info":
                user = self.users.get(str(body.get("user")))
                return {"ok": True, "user": user} if user else {"ok": False,
                                                                "error": "user_not_found"}
            case "views.publish":
                # The app's own Home tab: a user id and a view of type "home" (Slack's checks).
                user, view = str(body.get("user_id") or ""), body.get("view")
                if not isinstance(view, dict) or view.get("type") != "home":
                    return {"ok": False, "error": "invalid_arguments"}
                if user not in self.users:
                    return {"ok": False, "error": "user_not_found"}
                self._views += 1
                self.homes[user] = view
                return {"ok": True, "view": {**view, "id": f"V{self._views}"}}
            case "views.open":
                self._views += 1
                return {"ok": True, "view": {**body.get("view", {}), "id": f"V{self._views}"}}
            case "chat.postMessage":
                channel = str(body.get("channel"))
                if channel in self.unreachable:
                    return {"ok": False, "error": self.unreachable[channel]}
                if channel in self.users:  # a user id: their DM, as Slack names it
                    channel = dm_channel(channel)
                return {"ok": True, "channel": channel, "ts": f"{len(self.calls)}.000100",
                        "message": {"text": body.get("text", "")}}
            case "files.getUploadURLExternal":
                return self._upload_url(body)
            case "files.completeUploadExternal":
                return self._complete_upload(body)
            case "conversations.open":
                return self._open_group(str(body.get("users", "")))
            case "chat.update":
                # Slack keeps the old blocks unless `blocks` is given: tests read both.
                channel, ts = str(body.get("channel")), str(body.get("ts"))
                if not channel or not ts:
                    return {"ok": False, "error": "invalid_arguments"}
                return {"ok": True, "channel": channel, "ts": ts,
                        "text": body.get("text", ""), "message": {"text": body.get("text", "")}}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": f"{len(self.calls)}.000200"}
            case "apps.connections.open":
                url = self.server.make_url("/link").with_scheme("ws")
                return {"ok": True, "url": str(url)}
        return {"ok": False, "error": "unknown_method"}

    def _open_group(self, users: str) -> dict[str, Any]:
        """Like Slack: the same people always get the same group DM (bot included)."""
        members = tuple(u for u in users.split(",") if u)
        if len(members) < 2:
            return {"ok": False, "error": "not_enough_users"}
        if len(members) > 8:
            return {"ok": False, "error": "too_many_users"}
        for user in members:
            if user in self.unreachable:
                return {"ok": False, "error": self.unreachable[user]}
            if user not in self.users:
                return {"ok": False, "error": "user_not_found"}
        for channel, known in self.group_dms.items():
            if set(known) == set(members):
                return {"ok": True, "no_op": True, "already_open": True,
                        "channel": {"id": channel}}
        channel = f"G{len(self.group_dms) + 1:08d}"
        self.group_dms[channel] = members
        return {"ok": True, "channel": {"id": channel}}

    def _upload_url(self, body: dict[str, Any]) -> dict[str, Any]:
        length = str(body.get("length", ""))
        if not body.get("filename") or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{len(self.uploads) + 1:08d}"
        self.uploads[file_id] = Upload(file_id, str(body["filename"]), int(length),
                                       body.get("alt_txt"))
        return {"ok": True, "file_id": file_id,
                "upload_url": str(self.server.make_url(f"/upload/{file_id}"))}

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404, text="no such upload")
        if self.upload_refused is not None:
            status, self.upload_refused = self.upload_refused, None
            return web.Response(status=status, text="refused")
        upload.content = await request.read()
        return web.Response(text=f"OK - {len(upload.content)}")

    def _complete_upload(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body.get("channel_id") or "")
        if not _CONVERSATION_ID.match(channel):
            return {"ok": False, "error": "invalid_arguments"}
        shared = []
        for item in json.loads(str(body.get("files") or "[]")):
            upload = self.uploads.get(item.get("id"))
            if upload is None or upload.content is None or len(upload.content) != upload.length:
                return {"ok": False, "error": "file_not_found"}
            upload.channel, upload.title = channel, item.get("title")
            upload.initial_comment = body.get("initial_comment")
            shared.append({"id": upload.file_id, "name": upload.filename,
                           "title": upload.title})
        return {"ok": True, "files": shared}

    def shared(self) -> list[Upload]:
        """Files that arrived whole and were shared into a channel, in order."""
        return [u for u in self.uploads.values() if u.channel is not None]

    async def _response_url(self, request: web.Request) -> web.Response:
        if self.holding is not None:
            self.held += 1
            await self.holding.wait()
            return web.Response(status=503, text="not delivered")
        body = await request.json()
        if request.match_info["hook"] in self.spent_hooks:
            self.calls.append(Call(RESPONSE_URL, request.path, body, 404))
            return web.Response(status=404, text="expired_url")
        self.calls.append(Call(RESPONSE_URL, request.path, body, 200))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A0TANDEM"}})

        async def push() -> None:
            while True:
                await ws.send_json(await self.socket_envelopes.get())

        pusher = asyncio.create_task(push())
        try:
            async for message in ws:
                if message.type == web.WSMsgType.TEXT:
                    self.calls.append(Call(SOCKET_ACK, request.path, json.loads(message.data),
                                           200))
        finally:
            pusher.cancel()
        return ws
