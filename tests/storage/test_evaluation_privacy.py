"""Confidentiality is a property of the evaluation repository, not of its wording: its source
never names the free-text table, every statement it runs reads only `responses` and
`answers`, and neither of those has a column wide enough for typed text."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import String, event

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from storage.db import Store
from storage.models import MAX_ANSWER_TEXT, Answer, AnswerText, Base, Response
from tests.storage.answered import answer, tandems

SOURCE = Path(__file__).resolve().parents[2] / "storage" / "evaluation.py"
READ = {"responses", "answers"}
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


@contextmanager
def recorded(store: Store) -> Iterator[list[str]]:
    """Every statement the store runs meanwhile, with its parameters."""
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, parameters: object,
               context: object, executemany: bool) -> None:
        statements.append(f"{statement} {parameters!r}")

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", record)


def test_the_module_never_names_the_free_text() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    assert AnswerText.__tablename__ not in text.lower()
    assert "answertext" not in text.lower()
    imported = {alias.name for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported & {"AnswerText", "Base", "*"} == set()
    models = {alias.name for node in ast.walk(ast.parse(text))
              if isinstance(node, ast.ImportFrom) and node.module == "storage.models"
              for alias in node.names}
    assert models == {"Answer", "Response"}


def test_the_tables_it_reads_hold_no_typed_text() -> None:
    """If someone adds a text column to `answers` or `responses`, this fails: the evaluation
    would then be one select away from what people wrote."""
    for model in (Answer, Response):
        for column in model.__table__.columns:
            if isinstance(column.type, String):
                assert (column.type.length or 10**6) <= 40 < MAX_ANSWER_TEXT, column


async def test_no_statement_of_an_evaluation_reads_anything_else(
        any_store: Store, program: Program) -> None:
    core = TandemCore(any_store, program, FakeClock(NOW))
    await core.start()
    assert core.program_id is not None
    pid, marker = core.program_id, "MARKER-7f3a"
    for tid in await tandems(any_store, pid, NOW, 3):
        await answer(any_store, pid, tid, "retro", date(2027, 1, 26), NOW,
                     {"learned": marker, "worked": marker, "rating": 4}, subject="session:1")
        await answer(any_store, pid, tid, "final", date(2027, 3, 15), NOW,
                     {"skills": marker, "program": marker, "goals:0": "met", "rating": 5,
                      "continue": "yes"})
    with recorded(any_store) as statements:
        async with any_store.unit() as repos:
            found = await repos.evaluation.evaluation(pid, 3)
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 4, statements
    others = set(Base.metadata.tables) - READ
    for statement in queries:
        assert AnswerText.__tablename__ not in statement
        named = {t for t in others if re.search(rf"\b{t}\b", statement)}
        assert not named, (named, statement)
        assert re.search(r"\bFROM\s+(responses|answers)\b", statement), statement
    assert found.program.tandems == 3
    assert marker not in repr(found)


# storage/report.py, the coordinators' report, is the evaluation's sibling under the same
# rules: it never names the free text, and every statement it runs reads only ids, states,
# days and counts — no column wide enough for typed text, no JSON (a session's topic, a
# tandem's goals or deliverable, a sign-up's department or manager).
REPORT_SOURCE = SOURCE.parent / "report.py"
REPORT_MODELS = {"CheckIn", "Enrollment", "SessionRow", "Tandem", "TandemMember"}
REPORT_READS = READ | {"sessions", "tandems", "checkins", "tandem_members", "enrollments"}


def test_the_report_never_names_the_free_text() -> None:
    text = REPORT_SOURCE.read_text(encoding="utf-8")
    assert AnswerText.__tablename__ not in text.lower()
    assert "answertext" not in text.lower()
    tree = ast.parse(text)
    imported = {alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported & {"AnswerText", "Base", "Person", "*"} == set()
    models = {alias.name for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module == "storage.models"
              for alias in node.names}
    assert models == REPORT_MODELS


def _typed_columns() -> set[str]:
    """`table.column` of every column a person's words could be in, in the tables read."""
    from sqlalchemy import JSON

    found = set()
    for name in REPORT_READS:
        for column in Base.metadata.tables[name].columns:
            wide = isinstance(column.type, String) and (column.type.length or 10**6) > 40
            if wide or isinstance(column.type, JSON):
                found.add(f"{name}.{column.name}")
    return found


async def test_no_statement_of_a_report_reads_typed_text(any_store: Store,
                                                         program: Program) -> None:
    from storage.models import SessionRow

    core = TandemCore(any_store, program, FakeClock(NOW))
    await core.start()
    assert core.program_id is not None
    pid, marker = core.program_id, "MARKER-7f3a"
    for tid in await tandems(any_store, pid, NOW, 3):
        await answer(any_store, pid, tid, "retro", date(2027, 1, 26), NOW,
                     {"learned": marker, "rating": 4}, subject="session:1")
        async with any_store.unit() as repos:
            repos.session.add(SessionRow(tandem_id=tid, held_on=date(2027, 3, 1), minutes=60,
                                         topic=marker, logged_by=None, created_at=NOW,
                                         updated_at=NOW))
    with recorded(any_store) as statements:
        async with any_store.unit() as repos:
            found = await repos.report.report(pid, 3, "Europe/Berlin", date(2027, 3, 20))
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # the evaluation's 4; due, logged, check-ins; on a break, states
    assert len(queries) == 9, statements
    others = set(Base.metadata.tables) - REPORT_READS
    typed = _typed_columns()
    assert "sessions.topic" in typed and "tandems.goals" in typed
    for statement in queries:
        assert AnswerText.__tablename__ not in statement
        named = {t for t in others if re.search(rf"\b{t}\b", statement)}
        assert not named, (named, statement)
        read = {c for c in typed if re.search(rf"\b{re.escape(c)}\b", statement)}
        assert not read, (read, statement)
    assert found.figures.program.tandems == 3
    assert marker not in repr(found)
