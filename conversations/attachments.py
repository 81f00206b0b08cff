"""A file for a person's chat (a report's PNG chart, a CSV export): the neutral word.

A `File` is a reply of its own (to the person who acted) and a message the outbox can queue
(`DirectMessage(person_key, File(...))`). Its bytes travel base64-encoded in the queued body,
which the outbox deletes once the file is delivered, as it does for every private text.

The size is checked when the `File` is made, so an oversized file never reaches a queue or a
platform: nothing is half-sent. Flows that build files from data use `file_or_notice`, which
answers with a message in the reader's language instead.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from conversations.i18n import Translator

# The largest file a person is sent. Slack takes far more; a queued body carries the bytes in
# base64 (a third more), and 5 MB is well above a chart or a program's CSV.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NAME = 200
# type/subtype, as in RFC 6838 (no parameters: `text/csv`, not `text/csv; charset=utf-8`).
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
# A file name is shown to people and becomes a file on a disk: no folders, no control
# characters, nothing a file system treats specially.
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class BadFile(ValueError):
    """A `File` that cannot be sent as it is (a flow's mistake, not a person's)."""


class FileTooLarge(BadFile):
    def __init__(self, name: str, size: int) -> None:
        super().__init__(f"the file {name!r} has {size} bytes; at most {MAX_FILE_BYTES} can "
                         "be sent")
        self.name = name
        self.size = size


@dataclass(frozen=True)
class File:
    """A file to show in the person's chat. `title` (in the reader's language) is the caption
    and, for an image, its alternative text."""

    name: str  # with its extension: "tandems-2027-03.csv"
    media_type: str  # "image/png", "text/csv"
    content: bytes = field(repr=False)  # private data: never in a log line
    title: str = ""
    # What to say instead, in the reader's language, where a platform cannot carry the file
    # at all (Teams: a consent card holds about 16 KB): the person is told, never left waiting.
    unsendable: str = ""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > MAX_NAME or _BAD_NAME.search(self.name) or (
                self.name.strip(". ") != self.name):
            raise BadFile(f"not a file name that can be shown and saved: {self.name!r}")
        if not _MEDIA_TYPE.match(self.media_type):
            raise BadFile(f"not a media type: {self.media_type!r}")
        if not isinstance(self.content, bytes):
            raise BadFile("a file's content is bytes")
        if len(self.content) > MAX_FILE_BYTES:
            raise FileTooLarge(self.name, len(self.content))

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES


# What every platform shows inline as a picture.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})


def file_to_dict(file: File) -> dict[str, object]:
    """The file as plain JSON for a queue (the outbox, Slack's inbox of planned calls)."""
    return {"type": "file", "name": file.name, "media_type": file.media_type,
            "title": file.title, "unsendable": file.unsendable,
            "content": base64.b64encode(file.content).decode("ascii")}


def file_from_dict(data: dict[str, object]) -> File:
    """Read a queued file back; `BadFile` if it is not one (checked as when it was made)."""
    encoded = data.get("content")
    if not isinstance(encoded, str):
        raise BadFile("a queued file has no content")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadFile("a queued file's content is not base64") from exc
    return File(name=str(data.get("name", "")), media_type=str(data.get("media_type", "")),
                content=content, title=str(data.get("title") or ""),
                unsendable=str(data.get("unsendable") or ""))


def file_or_notice(t: Translator, name: str, media_type: str, content: bytes,
                   title: str = "") -> File | str:
    """The file, or (too large) what to tell the reader instead, in their language."""
    from conversations.replies import verbatim  # replies imports this module

    try:
        return File(name, media_type, content, title, unsendable=t(
            "{name} is too large to be sent in this chat, so it was not sent. Nothing else "
            "is affected; please ask a coordinator if you need it.", name=verbatim(name)))
    except FileTooLarge:
        return t("{name} is {size} MB, too large to send in chat (at most {limit} MB). "
                 "Nothing was sent.", name=verbatim(name), size=t.number(len(content) / 2**20, 1),
                 limit=t.number(MAX_FILE_BYTES / 2**20, 0))
