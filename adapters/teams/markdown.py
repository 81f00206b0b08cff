"""Our light markdown in the form Teams renders, in messages and in card text blocks alike."""

from __future__ import annotations

import re

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def teams_markdown(markdown: str) -> str:
    """Teams joins the lines of a paragraph, so a single line break the flow wrote is made a
    paragraph break; consecutive list items stay together as one list.
    """
    out: list[str] = []
    previous = "blank"
    for line in markdown.split("\n"):
        kind = "blank" if not line.strip() else "item" if _LIST_ITEM.match(line) else "text"
        if out and "blank" not in (kind, previous) and not (kind == previous == "item"):
            out.append("")
        out.append(line)
        previous = kind
    return "\n".join(out)
