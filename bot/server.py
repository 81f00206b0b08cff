"""The one aiohttp application: Slack, Teams and health on one port."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

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
        body["outbox"] = await _outbox_counts(runtime)
    return web.json_response(body, status=200 if db_ok else 503)


async def _outbox_counts(runtime: Runtime) -> dict[str, int] | None:
    """Queued and parked messages (parked ones wait for a coordinator: `/tandem messages`)."""
    try:
        async with runtime.store.unit() as repos:
            counts = await repos.outbox.counts()
    except Exception as exc:  # health must answer; the database line already says reachable
        log.warning("outbox counts unavailable", extra={"error": type(exc).__name__})
        return None
    return {"pending": counts.pending, "failed": counts.failed}


async def slack_events(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    if runtime.slack is None:
        return web.json_response({"error": "slack is not configured"}, status=404)
    bolt_response = await runtime.slack.bolt_app.async_dispatch(await to_bolt_request(request))
    return await to_aiohttp_response(bolt_response)


async def teams_messages(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    if runtime.teams is None:
        return web.json_response({"error": "teams is not configured"}, status=404)
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return web.json_response({"error": "body is not JSON"}, status=400)
    if not isinstance(body, dict):
        return web.json_response({"error": "body must be an activity object"}, status=400)
    status, payload = await runtime.teams.process(body, request.headers.get("Authorization", ""))
    if payload is None:
        return web.Response(status=status)
    return web.json_response(payload, status=status)


def build_web_app(runtime: Runtime) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_post("/api/messages", teams_messages)

    async def close_runtime(app: web.Application) -> None:
        await app[RUNTIME].close()

    app.on_cleanup.append(close_runtime)
    return app
