"""Texts that hold what people typed → Adaptive Card `RichTextBlock`s of `TextRun`s.

A TextBlock's text and a markdown message are parsed as markdown, and Teams clients disagree
on escapes (a backslash shows on iOS and Android, not on desktop). A TextRun's text is never
parsed ("Markdown is not supported", Adaptive Cards 1.2+): it shows as it is, and the bot's own
styles become the run's properties. Each line is its own block, as runs have no line breaks.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conversations.markup import Line, Run, parse

Element = dict[str, Any]
# TextBlock properties a run can carry (the rest, like `wrap` or `style`, have no run form).
_RUN_STYLE = ("color", "isSubtle", "size", "weight", "fontType", "italic")


def text_run(run: Run, style: dict[str, Any]) -> Element | str:
    """A run; one without properties as the schema's shorthand, a plain string (a card has a
    size limit, and a proposals list holds many runs)."""
    element: Element = {k: v for k, v in style.items() if k in _RUN_STYLE}
    if run.bold:
        element["weight"] = "Bolder"
    if run.italic:
        element["italic"] = True
    if run.code:
        element["fontType"] = "Monospace"
    if run.link:
        element["selectAction"] = {"type": "Action.OpenUrl", "url": run.link}
    return {"type": "TextRun", "text": run.text, **element} if element else run.text


def _merged(runs: tuple[Run, ...]) -> list[Run]:
    """Neighbouring runs that look the same as one: to a person they are one run of text."""
    out: list[Run] = []
    for run in runs:
        if out and replace(out[-1], text="", verbatim=False) == replace(run, text="",
                                                                           verbatim=False):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def _block(line: Line, style: dict[str, Any]) -> Element:
    runs = (Run("• "), *line.runs) if line.kind == "item" else line.runs
    return {"type": "RichTextBlock", "inlines": [text_run(run, style) for run in _merged(runs)]}


def rich_blocks(markdown: str, **style: Any) -> list[Element]:
    """The text as card elements; quoted lines sit in an emphasised container.

    `style` takes TextBlock properties: run styles go to every run, `spacing` to the first
    element; a line that continues a paragraph sits close to the one before it.
    """
    elements: list[Element] = []
    for line in parse(markdown):
        block = _block(line, style)
        follows = bool(elements) and not line.new_paragraph
        last = elements[-1] if elements else None
        if line.kind == "quote":
            if follows and last is not None and last["type"] == "Container":
                block["spacing"] = "None"
                last["items"].append(block)
                continue
            block = {"type": "Container", "style": "emphasis", "items": [block]}
        if follows:
            block["spacing"] = "None"
        elements.append(block)
    if elements and "spacing" in style:
        elements[0]["spacing"] = style["spacing"]
    return elements
