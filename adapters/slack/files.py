"""A `File` into a Slack conversation: files.getUploadURLExternal, the upload, then
files.completeUploadExternal (slack-sdk's `files_upload_v2`; scope `files:write`).

Slack shares an uploaded file only into a conversation id (`C…`, `G…`, `D…`), never a user id.
Finding a person's DM id with conversations.open would need `im:write`; instead the caption is
posted to the user id with chat.postMessage (which needs no more than `chat:write`), and its
answer names the DM, where the file follows. Elsewhere the caption is the upload's comment.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackRequestError
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


async def upload(client: AsyncWebClient, target: str, file: File) -> None:
    """Share `file` in `target`: a conversation id, or a user id (their DM with the bot)."""
    comment: str | None = None
    if is_conversation(target):
        comment = to_plain(caption(file).markdown) or None
    else:
        posted = await client.chat_postMessage(channel=target, **render(caption(file)))
        channel = posted.get("channel")
        if not isinstance(channel, str) or not is_conversation(channel):
            raise RuntimeError("chat.postMessage answered without a conversation id")
        target = channel
    title = clip(to_plain(file.title), MAX_TITLE) if file.title else file.name
    extra: dict[str, Any] = {"alt_txt": title} if file.is_image else {}
    try:
        await client.files_upload_v2(channel=target, content=file.content,
                                     filename=file.name, title=title,
                                     initial_comment=comment, **extra)
    except SlackRequestError:
        # slack-sdk's message quotes the upload's answer and the file's name: keep neither.
        raise UploadRefused("upload_refused") from None
