"""Inbound text made safe to store, once, at the core boundary.

Control characters have no meaning in what people type and break storage (PostgreSQL text
cannot hold NUL; a lone surrogate cannot be encoded). Every string of an event loses them:
C0 and C1 controls except the newline (a tab becomes a space, CR LF and CR become LF) and
lone surrogates. Letters of every script, emoji and their joiners stay.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

from conversations.events import ButtonClicked, Event

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
E = TypeVar("E", bound=Event)


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def is_blank(text: str) -> bool:
    """True when nothing visible is left: only spaces, separators and invisible format marks."""
    return all(unicodedata.category(c)[0] in "ZC" for c in text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | int | float):
        return clean_text(str(value))  # a number from a card's JSON is text to the flows
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value if isinstance(v, str | bool | int | float)]
    if isinstance(value, dict):
        return {_clean(str(k)): _clean(v) for k, v in value.items()
                if isinstance(v, str | bool | int | float | list | tuple)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _clean(getattr(value, f.name))
                                             for f in dataclasses.fields(value)
                                             if getattr(value, f.name) is not None})
    return value


def clean_event(event: E) -> E:
    """The same event with every text in it (actor, command, button, form values) cleaned."""
    cleaned: E = _clean(event)
    # The address and a click's source are the platform's own JSON, not text a person typed:
    # kept as they came.
    kept: dict[str, Any] = {"address": event.address, "channel": event.channel}
    if isinstance(event, ButtonClicked):
        kept["source"] = event.source
    return dataclasses.replace(cleaned, **kept)
