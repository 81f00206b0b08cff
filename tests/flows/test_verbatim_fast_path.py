"""`verbatim` skips its character loop for printable text: the same result either way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conversations.replies import VERBATIM_CLOSE, VERBATIM_OPEN, _shown_char, verbatim

# Names as typed, with what the loop cleans: markers, line breaks, escapes, half surrogates.
TEXT = st.text(st.one_of(st.characters(), st.sampled_from(
    [VERBATIM_OPEN, VERBATIM_CLOSE, "\n", "\t", "\x1b", "\ud800", "\u200d", "\u00a0", "\ue010"])))


@given(TEXT)
def test_verbatim_is_the_character_by_character_cleaning(text: str) -> None:
    cleaned = "".join(_shown_char(c) for c in text)
    assert verbatim(text) == (f"{VERBATIM_OPEN}{cleaned}{VERBATIM_CLOSE}" if cleaned else "")
