"""A `File` into a Slack conversation (scope `files:write`): the three calls slack-sdk's
`files_upload_v2` makes, files.getUploadURLExternal, the bytes POSTed to the URL it gives, and
files.completeUploadExternal, which shares the file.

Slack shares an uploaded file only into a conversation id (`C…`, `G…`, `D…`), never a user id.
Finding a person's DM id with conversations.open would need `im:write`; instead the caption is
posted to the user id with chat.postMessage (`chat:write`), and its answer names the DM. The
caption goes out only once the bytes are at Slack, so the likelier failures (a rate limit, a
refused upload) show the person nothing, and the outbox's retry sends the whole file again.
Elsewhere the caption is the share's comment.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.mrkdwn import clip, to_plain
from adapters.slack.render import render
from conversations.attachments import File
from conversations.replies import Text, verbatim

MAX_TITLE = 250  # Slack cuts file titles and alt texts beyond this


class UploadRefused(Exception):
    """The upload URL did not take the bytes (a short code only: no answer, no name)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_conversation(target: str) -> bool:
    """A conversation id, as files.completeUploadExternal accepts (a user id is not)."""
    return target[:1] in ("C", "G", "D", "Z")


def caption(file: File) -> Text:
    """What the chat says with the file: its title, else its name (shown as it is)."""
    return Text(file.title or verbatim(file.name))


async def _send_bytes(client: AsyncWebClient, url: str, content: bytes) -> None:
    """POST the bytes to Slack's upload URL (signed: no token), as slack-sdk does."""
    owned = client.session is None or client.session.closed
    session = aiohttp.ClientSession() if owned else client.session
    assert session is not None
    options: dict[str, Any] = {"timeout": aiohttp.ClientTimeout(total=client.timeout)}
    if client.proxy:
        options["proxy"] = client.proxy
    if client.ssl is not None:
        options["ssl"] = client.ssl
    try:
        async with session.post(url, data=content, **options) as answer:
            if answer.status != 200:  # its body may quote the upload: never kept
                raise UploadRefused(f"upload_http_{answer.status}")
    finally:
        if owned:
            await session.close()


async def upload(client: AsyncWebClient, target: str, file: File) -> None:
    """Share `file` in `target`: a conversation id, or a user id (their DM with the bot)."""
    title = clip(to_plain(file.title), MAX_TITLE) if file.title else file.name
    announced = await client.files_getUploadURLExternal(
        filename=file.name, length=file.size, alt_txt=title if file.is_image else None)
    file_id, url = announced.get("file_id"), announced.get("upload_url")
    if not isinstance(file_id, str) or not isinstance(url, str) or not url.startswith(
            ("https://", "http://")):
        raise UploadRefused("no_upload_url")
    await _send_bytes(client, url, file.content)
    comment: str | None = None
    if is_conversation(target):
        comment = to_plain(caption(file).markdown) or None
    else:
        posted = await client.chat_postMessage(channel=target, **render(caption(file)))
        channel = posted.get("channel")
        if not isinstance(channel, str) or not is_conversation(channel):
            raise RuntimeError("chat.postMessage answered without a conversation id")
        target = channel
    await client.files_completeUploadExternal(files=[{"id": file_id, "title": title}],
                                              channel_id=target, initial_comment=comment)
