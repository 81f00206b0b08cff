"""Texts that hold what people typed → Block Kit `rich_text` blocks.

mrkdwn has no escape for `*`, `_`, `~` or `` ` ``, so a person's `*text*` would turn bold and
a bot-built `<url|label>` around it could mask a link. The `text` of a `rich_text` element is
never parsed: Slack shows it as it is, and styles are explicit flags (Slack recommends
rich_text for user-defined text). The bot's own markup around it becomes those flags.
"""

from __future__ import annotations

from typing import Any

from conversations.markup import Line, Run, chunks, parse

Payload = dict[str, Any]
MAX_BLOCK_TEXT = 3000  # characters of text per block, as for a section (Slack's text limit)


def _element(run: Run) -> Payload:
    element: Payload = ({"type": "link", "url": run.link, "text": run.text} if run.link
                        else {"type": "text", "text": run.text})
    style = {flag: True for flag in ("bold", "italic", "code") if getattr(run, flag)}
    if style:
        element["style"] = style
    return element


def _merged(elements: list[Payload]) -> list[Payload]:
    """Neighbouring text elements with the same style as one (fewer, equal elements)."""
    out: list[Payload] = []
    for element in elements:
        last = out[-1] if out else None
        if (last is not None and element["type"] == last["type"] == "text"
                and element.get("style") == last.get("style")):
            out[-1] = {**last, "text": last["text"] + element["text"]}
        else:
            out.append(element)
    return out


def _section(lines: list[Line]) -> Payload:
    elements: list[Payload] = []
    for i, line in enumerate(lines):
        if i:
            elements.append({"type": "text", "text": "\n\n" if line.new_paragraph else "\n"})
        elements += [_element(run) for run in line.runs]
    return {"type": "rich_text_section", "elements": _merged(elements)}


def _groups(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines of one kind; a blank line also ends a list or a quote."""
    groups: list[list[Line]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if (previous is not None and previous.kind == line.kind
                and not (line.new_paragraph and line.kind != "text")):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def rich_text_block(lines: list[Line]) -> Payload:
    elements: list[Payload] = []
    for group in _groups(lines):
        if group[0].kind == "item":
            elements.append({"type": "rich_text_list", "style": "bullet",
                             "elements": [_section([line]) for line in group]})
        elif group[0].kind == "quote":
            elements.append({"type": "rich_text_quote", "elements": _section(group)["elements"]})
        else:
            elements.append(_section(group))
    return {"type": "rich_text", "elements": elements}


def rich_text_blocks(markdown: str) -> list[Payload]:
    """One block per 3,000 characters of text, cut between lines."""
    return [rich_text_block(group) for group in chunks(parse(markdown), MAX_BLOCK_TEXT)]
