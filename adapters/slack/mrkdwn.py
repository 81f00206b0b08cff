"""Tandem's light markdown → Slack mrkdwn and plain text, within Slack's length limits.

Flows write `**bold**`, `_italic_`, `` `code` ``, `- ` list items and `[label](https://…)`.
Slack wants `*bold*`, `•` bullets and `<url|label>`, and `&`, `<`, `>` escaped so that text
can never become a `<!channel>` mention or a link. mrkdwn is for the bot's own texts only:
texts with verbatim segments (people's) become `rich_text` (see `rich_text.py`). Here verbatim
segments never take part in the conversion; they come back escaped.
"""

from __future__ import annotations

import re

from conversations.markup import protect, restore

_CODE = re.compile(r"(`[^`\n]*`)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITEM = re.compile(r"^(\s*)- ", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n\ue002]+)\]\((https?://[^\s)\ue002]+)\)")  # no verbatim inside
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _outside_code(part: str) -> str:
    part = _LINK.sub(r"<\2|\1>", part)
    part = _BOLD.sub(r"*\1*", part)
    return _ITEM.sub("\\1• ", part)


def to_mrkdwn(markdown: str) -> str:
    """Light markdown → mrkdwn. Code spans are escaped but otherwise left alone."""
    markup, atoms = protect(markdown)
    parts = _CODE.split(escape(markup))
    converted = "".join(p if i % 2 else _outside_code(p) for i, p in enumerate(parts))
    return restore(converted, atoms, escape)


def _plain_markup(markup: str) -> str:
    return _BOLD.sub(r"\1", _LINK.sub(r"\1 (\2)", markup))


def to_plain(markdown: str) -> str:
    """Light markdown → plain text, for headers, labels and buttons (`plain_text` objects,
    which Slack shows as they are); verbatim segments come back unchanged."""
    markup, atoms = protect(markdown)
    return restore(_plain_markup(markup), atoms)


def to_fallback(markdown: str) -> str:
    """Light markdown → a message's top-level `text`, sent with `mrkdwn: false`: what
    notifications show. Plain, with `&`, `<`, `>` escaped, which Slack decodes in every text."""
    markup, atoms = protect(markdown)
    return escape(restore(_ITEM.sub("\\1• ", _plain_markup(markup)), atoms))


def split_text(text: str, limit: int) -> list[str]:
    """Paragraph-aligned chunks of at most `limit` characters (a section holds 3,000)."""
    chunks: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            chunks.append(paragraph[:limit])
            paragraph = paragraph[limit:]
        current = paragraph
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def split_words(text: str, limit: int) -> tuple[str, str]:
    """Text too long for one 75-character option line → (line, rest) at a word boundary."""
    if len(text) <= limit:
        return text, ""
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip(), text[cut:].strip()
