"""What a person reads in a Block Kit message: a small reference decoder for the tests.

`rich_text` elements are shown as their `text`, never parsed (a link shows its text, a list
item its bullet); mrkdwn is shown as sent, with Slack's three escapes decoded; `plain_text`
as it is.
"""

from __future__ import annotations

from typing import Any

Payload = dict[str, Any]


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _inline(elements: list[Payload]) -> str:
    return "".join(str(e.get("text", e.get("url", ""))) for e in elements)


def rich_text(block: Payload) -> str:
    parts: list[str] = []
    for element in block["elements"]:
        if element["type"] == "rich_text_list":
            parts.append("\n".join("• " + _inline(item["elements"])
                                   for item in element["elements"]))
        elif element["type"] == "rich_text_quote":
            parts.append("\n".join("> " + line for line in _inline(
                element["elements"]).split("\n")))
        else:
            parts.append(_inline(element["elements"]))
    return "\n".join(parts)


def block_text(block: Payload) -> str | None:
    if block.get("type") == "rich_text":
        return rich_text(block)
    text = block.get("text")
    if isinstance(text, dict):
        return text["text"] if text.get("type") == "plain_text" else unescape(text["text"])
    return None


def shown(body: Payload) -> str:
    """Everything a person reads in a posted message: its blocks' texts, else the fallback."""
    texts = [t for b in body.get("blocks", []) if (t := block_text(b)) is not None]
    return "\n".join(texts) or unescape(body.get("text", ""))


def mrkdwn_texts(node: Any) -> list[str]:
    """Every mrkdwn string anywhere in a payload (the text Slack would parse as markup)."""
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    if node.get("type") == "mrkdwn":
        return [node["text"]]
    return [t for value in node.values() for t in mrkdwn_texts(value)]
