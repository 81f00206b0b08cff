"""The light markdown of neutral replies, read into lines of styled runs.

Renderers that build structured text (Slack `rich_text`, Adaptive Card `RichTextBlock`s) read
a reply's text here. Verbatim segments (what people typed) are taken out before the markup is
read and come back as runs of their own, so nothing a person typed can open or close a style,
make a link or start a list item. Written here rather than with a CommonMark parser: the flows
write a small fixed subset, and a full parser would read more into the bot's texts (setext
headings, numbered lists, HTML) than the flows mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from conversations.replies import segments

# Stands for one verbatim segment while the markup around it is read. Private use, so it has
# no meaning to any pattern below; any the bot's own text might hold are dropped.
PLACEHOLDER = "\ue002"

_INLINE = re.compile(
    r"(?P<code>`[^`\n]+`)"
    r"|(?P<link>\[(?P<label>[^\]\n\ue002]+)\]\((?P<url>https?://[^\s)\ue002]+)\))"
    r"|(?P<bold>\*\*(?=\S).+?(?<=\S)\*\*)"
    r"|(?P<italic>(?<![\w*])_(?=\S).+?(?<=\S)_(?!\w))"
)
_ITEM = re.compile(r"^\s*- ")
_QUOTE = re.compile(r"^> ?")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    verbatim: bool = False  # typed by a person: to be shown exactly as it is


@dataclass(frozen=True)
class Line:
    kind: Literal["text", "item", "quote"]
    runs: tuple[Run, ...]
    new_paragraph: bool = False  # a blank line came before it


def protect(text: str) -> tuple[str, list[str]]:
    """The markup with each verbatim segment replaced by one placeholder, and the segments."""
    markup: list[str] = []
    atoms: list[str] = []
    for part, is_verbatim in segments(text):
        if is_verbatim:
            markup.append(PLACEHOLDER)
            atoms.append(part)
        else:
            markup.append(part.replace(PLACEHOLDER, ""))
    return "".join(markup), atoms


def restore(markup: str, atoms: list[str], literal: Callable[[str], str] = str) -> str:
    """The segments back in place of the placeholders, each passed through `literal`."""
    found = iter(atoms)
    return re.sub(PLACEHOLDER, lambda _: literal(next(found, "")), markup)


def _text_runs(text: str, atoms: Iterator[str], style: Run) -> list[Run]:
    runs: list[Run] = []
    for i, part in enumerate(text.split(PLACEHOLDER)):
        if i:
            atom = next(atoms, "")
            if atom:
                runs.append(replace(style, text=atom, verbatim=True))
        if part:
            runs.append(replace(style, text=part))
    return runs


def _inline(text: str, atoms: Iterator[str], style: Run) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        runs += _text_runs(text[pos:match.start()], atoms, style)
        pos = match.end()
        token = match.group()
        if match["code"]:
            runs += _text_runs(token[1:-1], atoms, replace(style, code=True))
        elif match["link"]:
            runs.append(replace(style, text=match["label"], link=match["url"]))
        elif match["bold"]:
            runs += _inline(token[2:-2], atoms, replace(style, bold=True))
        else:
            runs += _inline(token[1:-1], atoms, replace(style, italic=True))
    return runs + _text_runs(text[pos:], atoms, style)


def parse(text: str) -> list[Line]:
    """Lines of runs. A single line break stays a line break; a blank line starts a paragraph."""
    markup, found = protect(text)
    atoms = iter(found)
    lines: list[Line] = []
    gap = False
    for raw in markup.split("\n"):
        if not raw.strip():
            gap = bool(lines)
            continue
        kind: Literal["text", "item", "quote"] = "text"
        if match := _ITEM.match(raw):
            kind, raw = "item", raw[match.end():]
        elif match := _QUOTE.match(raw):
            kind, raw = "quote", raw[match.end():]
        runs = _inline(raw, atoms, Run(""))
        if runs:
            lines.append(Line(kind, tuple(runs), gap))
        gap = False
    return lines


def line_length(line: Line) -> int:
    return sum(len(run.text) for run in line.runs)


def _split_line(line: Line, limit: int) -> list[Line]:
    """A line longer than `limit` as several lines of at most `limit` characters."""
    pieces: list[Line] = []
    runs: list[Run] = []
    size = 0
    for run in line.runs:
        text = run.text
        while text:
            room = limit - size
            runs.append(replace(run, text=text[:room]))
            size += len(text[:room])
            text = text[room:]
            if size >= limit:
                pieces.append(Line(line.kind, tuple(runs), line.new_paragraph and not pieces))
                runs, size = [], 0
    if runs:
        pieces.append(Line(line.kind, tuple(runs), line.new_paragraph and not pieces))
    return pieces


def chunks(lines: list[Line], limit: int) -> list[list[Line]]:
    """Consecutive lines in groups of at most `limit` characters of text (a Slack block's or a
    card element's budget); only an over-long line is cut, never a verbatim segment's meaning."""
    groups: list[list[Line]] = []
    size = limit + 1
    for whole in lines:
        for line in _split_line(whole, limit) if line_length(whole) > limit else [whole]:
            length = line_length(line) + 2  # and the break before it
            if size + length > limit:
                groups.append([])
                size = 0
            groups[-1].append(line)
            size += length
    return groups
