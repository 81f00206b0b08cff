"""The neutral marker for people's text, and the reader of the bot's light markdown."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters.console import markdown_to_text
from conversations.markup import PLACEHOLDER, Line, Run, chunks, line_length, parse
from conversations.replies import (
    VERBATIM_CLOSE,
    VERBATIM_OPEN,
    Text,
    has_verbatim,
    message_from_dict,
    message_to_dict,
    segments,
    verbatim,
    without_markers,
)
from storage.db import Store
from storage.models import OutboxMessage

NOW = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)

# Typed text, heavy on what markup, Slack and our markers are made of.
TRICKY = st.sampled_from([VERBATIM_OPEN, VERBATIM_CLOSE, PLACEHOLDER, "*", "**", "_", "`",
                          "~", "<", ">", "&", "[", "](", ")", "\n", "- ", "> ", " ", "|",
                          "<!channel>", "https://evil.example", "\x1b[31m", "\t"])
TYPED = st.lists(st.one_of(st.characters(), TRICKY, st.just("\ud800")), max_size=30).map("".join)


def shown_as(typed: str) -> str:
    """What a verbatim segment shows: the text, with control characters as spaces (and half
    surrogate pairs, which cannot be shown, as replacement characters)."""
    return "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160
                   else "\ufffd" if 0xD800 <= ord(c) < 0xE000 else c
                   for c in typed if c not in (VERBATIM_OPEN, VERBATIM_CLOSE))


def test_verbatim_marks_the_text_and_removes_markers_and_controls_from_it() -> None:
    marked = verbatim(f"a{VERBATIM_CLOSE}**b**\n\x1b")
    assert marked == f"{VERBATIM_OPEN}a**b**  {VERBATIM_CLOSE}"
    assert segments(f"x {marked} y") == [("x ", False), ("a**b**  ", True), (" y", False)]
    assert verbatim("") == "" and not has_verbatim("plain **bot** text")
    assert without_markers(f"Hi {marked}") == "Hi a**b**  "


def test_unbalanced_markers_fail_towards_literal_text() -> None:
    assert segments(f"a{VERBATIM_CLOSE}b") == [("ab", False)]
    assert segments(f"a{VERBATIM_OPEN}**b**") == [("a", False), ("**b**", True)]


@settings(max_examples=60, deadline=None)
@given(TYPED, TYPED)
def test_a_verbatim_segment_is_one_unstyled_run_of_its_text(before: str, typed: str) -> None:
    lines = parse(f"**Bot** {verbatim(before)} and `{verbatim(typed)}` [link](https://x.org)")
    [line] = lines
    runs = [r for r in line.runs if r.verbatim]
    assert [r.text for r in runs] == [t for t in (shown_as(before), shown_as(typed)) if t]
    assert all(not r.link and not r.bold and not r.italic for r in runs[:1])
    assert [r.link for r in line.runs if r.link] == ["https://x.org"]


def test_the_bots_markup_is_read_into_styles_lines_and_paragraphs() -> None:
    name = verbatim("*Mia*")
    lines = parse(f"**{name}** set _goals_:\n- `join` now\n\n> {verbatim('[a](https://b)')}")
    assert lines == [
        Line("text", (Run("*Mia*", bold=True, verbatim=True), Run(" set "),
                      Run("goals", italic=True), Run(":"))),
        Line("item", (Run("join", code=True), Run(" now"))),
        Line("quote", (Run("[a](https://b)", verbatim=True),), new_paragraph=True),
    ]


def test_a_link_is_never_made_of_verbatim_text() -> None:
    [line] = parse(f"[{verbatim('x')}](https://bot.example) and [y]({verbatim('https://e.x')})")
    assert not [r for r in line.runs if r.link]
    assert "".join(r.text for r in line.runs) == "[x](https://bot.example) and [y](https://e.x)"


def test_chunks_cut_long_lines_but_keep_every_character() -> None:
    lines = parse("short\n" + verbatim("v" * 7000) + "\n\nend")
    groups = chunks(lines, 3000)
    assert all(sum(line_length(x) + 2 for x in g) <= 3000 + 2 for g in groups)
    text = "".join(r.text for g in groups for x in g for r in x.runs)
    assert text == "short" + "v" * 7000 + "end"
    assert all(r.verbatim for g in groups for x in g for r in x.runs if "v" in r.text)


@settings(max_examples=60, deadline=None)
@given(TYPED)
def test_the_console_prints_a_verbatim_segment_as_typed(typed: str) -> None:
    printed = markdown_to_text(f"**Hi** _there_ {verbatim(typed)}!")
    assert printed == f"Hi there {shown_as(typed)}!"


def test_the_console_keeps_the_bots_markup_rules() -> None:
    assert markdown_to_text("**Tandem** runs _reverse_ mentoring: `join`") == (
        "Tandem runs reverse mentoring: `join`")
    assert markdown_to_text("colour\x1b[31m red") == "colour[31m red"  # no escape sequences


async def test_marked_text_survives_the_outbox_on_both_databases(any_store: Store) -> None:
    body = message_to_dict(Text(f"**Note** {verbatim('*x* <!here>')}"))
    async with any_store.unit() as repos:
        assert await repos.outbox.enqueue("k1", "slack:U1", body, NOW)
    async with any_store.unit() as repos:
        [row] = await repos.session.scalars(select(OutboxMessage))
        assert row.body is not None
        assert message_from_dict(row.body) == Text(f"**Note** {verbatim('*x* <!here>')}")
