"""A `File` in a person's Teams chat.

An image up to 1 MB (Teams' limit for inline images) goes inline: an attachment whose
`contentUrl` is a `data:` URI, beside its caption. Any other file needs the person's consent
(personal chats only; `supportsFiles` in the manifest): a FileConsentCard; Teams answers an
accept with a `fileConsent/invoke` naming a OneDrive upload URL, the bot PUTs the bytes there
and sends a FileInfoCard that opens the file.

The bytes wait for the consent inside the card's own `acceptContext` (compressed), which
Teams hands back with the accept: nothing stays in our database, and an invoke can only ever
upload bytes that came with it. That bounds such files to what fits in one Teams message
(`CONSENT_MAX`, after compression): a larger one is refused before anything is sent.
"""

from __future__ import annotations

import base64
import binascii
import logging
import zlib
from typing import Any

import aiohttp
from botbuilder.schema import Activity, ActivityTypes, Attachment
from botbuilder.schema.teams import FileConsentCard, FileConsentCardResponse, FileInfoCard
from botbuilder.schema.teams.additional_properties import ContentType

from adapters.teams.markdown import teams_markdown
from conversations.attachments import File
from conversations.replies import has_verbatim, without_markers

log = logging.getLogger("tandem.teams")

INLINE_IMAGE_MAX = 1024 * 1024
# Base64 characters of compressed content one consent card may carry. Teams limits a bot
# message to about 40 KB counted in UTF-16 (two bytes a character); this leaves room for the
# rest of the card.
CONSENT_MAX = 16_000
MARK = "tandem-file"  # in both contexts: a consent we sent, in the shape we wrote it
UPLOAD_TIMEOUT = 30


class TooLargeForTeams(Exception):
    """The file cannot travel in a Teams chat (see `CONSENT_MAX`): nothing was sent."""


def _caption(file: File) -> str:
    title = without_markers(file.title)
    return title if has_verbatim(file.title) else teams_markdown(title)


def image_activity(file: File) -> Activity:
    data = base64.b64encode(file.content).decode("ascii")
    attachment = Attachment(content_type=file.media_type, name=file.name,
                            content_url=f"data:{file.media_type};base64,{data}")
    # Text typed by a person (verbatim) is shown as plain text, never parsed as markdown.
    return Activity(type=ActivityTypes.message, text=_caption(file) or None,
                    text_format="plain" if has_verbatim(file.title) else "markdown",
                    attachments=[attachment])


def consent_activity(file: File) -> Activity:
    packed = base64.b64encode(zlib.compress(file.content, 9)).decode("ascii")
    if len(packed) > CONSENT_MAX:
        raise TooLargeForTeams(f"{file.size} bytes do not fit a Teams file consent card")
    card = FileConsentCard(
        description=without_markers(file.title) or file.name, size_in_bytes=file.size,
        accept_context={"kind": MARK, "name": file.name, "media_type": file.media_type,
                        "zlib": packed},
        decline_context={"kind": MARK, "name": file.name})
    attachment = Attachment(content_type=ContentType.FILE_CONSENT_CARD, name=file.name,
                            content=card.serialize())
    return Activity(type=ActivityTypes.message, attachments=[attachment])


def file_activities(file: File) -> list[Activity]:
    """The activities that bring `file` to a personal chat; `TooLargeForTeams` if none can."""
    if file.is_image and file.size <= INLINE_IMAGE_MAX:
        return [image_activity(file)]
    return [consent_activity(file)]


class ConsentRefused(Exception):
    """An accept the bot cannot act on (not our card, or the upload failed): a short code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def accepted_bytes(context: Any) -> tuple[str, bytes]:
    """The name and bytes our consent card carried; `ConsentRefused` for anything else."""
    if not isinstance(context, dict) or context.get("kind") != MARK:
        raise ConsentRefused("not_our_consent")
    packed, name = context.get("zlib"), context.get("name")
    if not isinstance(packed, str) or not isinstance(name, str) or len(packed) > CONSENT_MAX:
        raise ConsentRefused("malformed_consent")
    try:
        decompressor = zlib.decompressobj()
        # Bounded: a crafted context must not inflate into gigabytes.
        content = decompressor.decompress(base64.b64decode(packed, validate=True),
                                          5 * 1024 * 1024 + 1)
    except (binascii.Error, ValueError, zlib.error) as exc:
        raise ConsentRefused("malformed_consent") from exc
    if decompressor.unconsumed_tail or len(content) > 5 * 1024 * 1024:
        raise ConsentRefused("malformed_consent")
    return name, content


async def upload_accepted(response: FileConsentCardResponse, allowed: Any,
                          session: aiohttp.ClientSession | None = None) -> Activity:
    """PUT the accepted file to its upload URL; the FileInfoCard message to send after.

    `allowed(url)` says whether the bot may send bytes to that URL (https, or a test's
    loopback connector); Teams' upload URLs are OneDrive's, over https."""
    name, content = accepted_bytes(response.context)
    info = response.upload_info
    if info is None or not isinstance(info.upload_url, str) or not allowed(info.upload_url):
        raise ConsentRefused("upload_url_not_allowed")
    size = len(content)
    headers = {"Content-Length": str(size),
               "Content-Range": f"bytes 0-{max(size - 1, 0)}/{size}"}
    owned = session is None
    client = session or aiohttp.ClientSession()
    try:
        async with client.put(info.upload_url, data=content, headers=headers,
                              timeout=aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT)) as answer:
            if answer.status not in (200, 201):
                raise ConsentRefused(f"upload_http_{answer.status}")
    except aiohttp.ClientError as exc:
        raise ConsentRefused("upload_unreachable") from exc
    finally:
        if owned:
            await client.close()
    card = FileInfoCard(unique_id=info.unique_id, file_type=info.file_type)
    attachment = Attachment(content_type=ContentType.FILE_INFO_CARD,
                            name=info.name or name, content_url=info.content_url,
                            content=card.serialize())
    return Activity(type=ActivityTypes.message, attachments=[attachment])


def upload_url_allowed(url: str, service_urls: Any) -> bool:
    """https anywhere (OneDrive's hosts vary by tenant and region), or a URL the allowed
    connectors cover (the loopback fake in tests)."""
    return url.startswith("https://") or bool(service_urls.allows(url))
