"""What a person reads on an Adaptive Card: a small reference decoder for the tests.

A `TextRun` (or its string shorthand) is shown as its text, never parsed; a `TextBlock` is
markdown (the returned text is the markdown, which the tests look into as such).
"""

from __future__ import annotations

from typing import Any

Element = dict[str, Any]


def run_text(run: Element | str) -> str:
    return run if isinstance(run, str) else str(run["text"])


def element_texts(element: Element) -> list[str]:
    if element.get("type") == "TextBlock":
        return [element["text"]]
    if element.get("type") == "RichTextBlock":
        return ["".join(run_text(r) for r in element["inlines"])]
    if element.get("type") == "Container":
        return [t for item in element["items"] for t in element_texts(item)]
    return []


def card_texts(card: Element) -> str:
    """The card's text lines, in order."""
    return "\n".join(t for element in card["body"] for t in element_texts(element))


def collect(card: Element, element_type: str, key: str) -> list[Any]:
    """`key` of every element of `element_type` on the card, at any depth, in order."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("type") == element_type:
                value = node[key]
                found.extend(value) if isinstance(value, list) else found.append(value)
            for value in node.values():
                walk(value)

    walk(card)
    return found


def markdown_texts(card: Element) -> list[str]:
    """Every string on the card that Teams parses as markdown (TextBlock texts)."""
    return collect(card, "TextBlock", "text")
