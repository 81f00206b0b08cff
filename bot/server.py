"""The one aiohttp application: Slack, Teams and health on one port."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response

from adapters.slack.gate import Rejection
from bot.app import Runtime

log = logging.getLogger("tandem.server")
RUNTIME = web.AppKey("runtime", Runtime)


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    db_ok = await runtime.store.ping()
    body: dict[str, object] = {
        "status": "ok" if db_ok else "degraded",
        "database": {"reachable": db_ok, "dialect": runtime.store.dialect},
        "program": runtime.program.name,
        "slack": runtime.slack is not None,
        "teams": runtime.teams is not None,
    }
    if runtime.slack_workers is not None:  # a worker that keeps dying shows here, not only in logs
        body["slack_workers"] = runtime.slack_workers.health()
    if db_ok:
        body.update(await _queue_counts(runtime))
    return web.json_response(body, status=200 if db_ok else 503)


async def _queue_counts(runtime: Runtime) -> dict[str, object]:
    """Queued and parked messages (parked ones wait for a coordinator: `/tandem messages`),
    and acknowledged requests still to be worked on (or parked after repeated failures)."""
    try:
        async with runtime.store.unit() as repos:
            outbox = await repos.outbox.counts()
            waiting = await repos.outbox.pending_by_platform()
            inbox = await repos.inbox.counts()
    except Exception as exc:  # health must answer; the database line already says reachable
        log.warning("queue counts unavailable", extra={"error": type(exc).__name__})
        return {"outbox": None, "inbox": None}
    # Per platform too: messages for a platform no replica sends to (switched off) wait here.
    return {"outbox": {"pending": outbox.pending, "failed": outbox.failed, "waiting": waiting},
            "inbox": inbox}


async def slack_events(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    if runtime.slack is None:
        return web.json_response({"error": "slack is not configured"}, status=404)
    raw = await request.read()  # over client_max_size: 413, before anything is parsed
    admitted = runtime.slack.gate.admit(raw, request.headers, request.query_string,
                                        request.remote)
    if isinstance(admitted, Rejection):
        return web.json_response({"error": admitted.reason}, status=admitted.status)
    return await to_aiohttp_response(await runtime.slack.bolt_app.async_dispatch(admitted))


async def teams_messages(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    if runtime.teams is None:
        return web.json_response({"error": "teams is not configured"}, status=404)
    peer = _peer(request)
    refused = runtime.teams.admit(peer, request.content_length)
    if refused is not None:
        return web.json_response(refused[1], status=refused[0])
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        runtime.teams.refusals.refused("too_large", status=413, size=request.content_length)
        raise
    status, payload = await runtime.teams.receive(
        body, content_type=request.headers.get("Content-Type", ""),
        authorization=request.headers.get("Authorization", ""), peer=peer)
    if payload is None:
        return web.Response(status=status)
    return web.json_response(payload, status=status)


def _peer(request: web.Request) -> str | None:
    """The TCP peer's address, from the socket itself: never a header a client can set."""
    transport = request.transport
    peername = transport.get_extra_info("peername") if transport is not None else None
    if isinstance(peername, tuple) and peername and isinstance(peername[0], str):
        return peername[0]
    return None


def build_web_app(runtime: Runtime) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_post("/api/messages", teams_messages)

    async def start_inbox(app: web.Application) -> None:
        if runtime.slack is not None and runtime.slack_workers is None:
            runtime.slack.start()  # this process drains what it (or any other) acked

    async def close_runtime(app: web.Application) -> None:
        await app[RUNTIME].close()

    app.on_startup.append(start_inbox)
    app.on_cleanup.append(close_runtime)
    return app
