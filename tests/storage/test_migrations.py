"""Migrations carry existing data forward, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from storage.db import Store
from storage.migrate import current_revision, upgrade


async def test_upgrade_from_the_first_revision_keeps_enrollments(empty_db_url: str) -> None:
    store = Store.from_url(empty_db_url)
    try:
        await upgrade(store.engine, "0001")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                "VALUES (1, 'P', '2027-01-01', 6, '2027-01-01 00:00:00+00:00')"))
            await conn.execute(text(
                "INSERT INTO people (id, key, platform, platform_user_id, created_at, updated_at)"
                " VALUES (1, 'slack:U1', 'slack', 'U1', '2027-01-01 00:00:00+00:00',"
                " '2027-01-01 00:00:00+00:00')"))
            await conn.execute(text(
                "INSERT INTO enrollments (program_id, person_id, role, topics, languages, "
                "timezone, status, created_at, updated_at) VALUES (1, 1, 'mentor', '[\"ai\"]', "
                "'[\"de\"]', 'Europe/Berlin', 'active', '2027-01-01 00:00:00+00:00', "
                "'2027-01-01 00:00:00+00:00')"))
        await upgrade(store.engine, "0002")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO people (id, key, platform, platform_user_id, created_at, updated_at)"
                " VALUES (2, 'teams:T2', 'teams', 'T2', '2027-01-01 00:00:00+00:00',"
                " '2027-01-01 00:00:00+00:00')"))
            for tandem_id, status in ((1, 'active'), (2, 'kickoff')):  # a double approval
                await conn.execute(text(
                    "INSERT INTO tandems (id, program_id, mentor_id, mentee_id, status, "
                    "shared_topics, approved_by, approved_at, goals, cadence_days, "
                    "session_minutes, version) VALUES (:id, 1, 1, 2, :status, '[]', 'x', "
                    "'2027-01-02 00:00:00+00:00', '[]', 14, 60, 1)"),
                    {"id": tandem_id, "status": status})
            await conn.execute(text(
                "INSERT INTO outbox (dedupe_key, person_key, body, created_at, attempts, "
                "sent_at) VALUES ('intro:1:teams:T2', 'teams:T2', '{\"secret\": 1}', "
                "'2027-01-02 00:00:00+00:00', 1, '2027-01-02 00:00:01+00:00')"))
        await upgrade(store.engine)
        assert await current_revision(store.engine) == "0008"
        async with store.engine.connect() as conn:
            tandems = (await conn.execute(text(
                "SELECT id, status FROM tandems ORDER BY id"))).all()
            outbox = (await conn.execute(text(
                "SELECT kind, platform, body FROM outbox"))).all()
        assert [tuple(r) for r in tandems] == [(1, "active"), (2, "dissolved")]
        async with store.engine.connect() as conn:  # 0004: no reason, no request recorded
            added = (await conn.execute(text(
                "SELECT end_reason, change_requested_at, change_requested_by FROM tandems"))).all()
        assert [tuple(r) for r in added] == [(None, None, None)] * 2
        assert [tuple(r) for r in outbox] == [("intro", "teams", None)]
        async with store.unit() as repos:
            [enrollment] = await repos.enrollments.all_in(1)
            assert enrollment.never_match == [] and enrollment.topics == ["ai"]
        await upgrade(store.engine)  # idempotent: a second serve start changes nothing
    finally:
        await store.close()


async def test_migrations_build_exactly_the_models(empty_db_url: str) -> None:
    """Autogenerate finds nothing to do after `upgrade head`: models and history agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    store = Store.from_url(empty_db_url)
    try:
        await upgrade(store.engine)

        def diff(connection):  # type: ignore[no-untyped-def]
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)

        async with store.engine.connect() as conn:
            differences = await conn.run_sync(diff)
        assert differences == []
    finally:
        await store.close()


def test_migrations_import_no_project_code() -> None:
    """History must not break when live code is renamed: plain SQLAlchemy types only."""
    import ast
    from pathlib import Path

    from storage.migrate import MIGRATIONS

    offenders = []
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in {"storage", "conversations", "adapters", "bot"}]
    assert offenders == []


async def test_0005_turns_each_pair_into_two_members_with_their_agreements(empty_db_url: str
                                                                          ) -> None:
    """An approved (kick-off) and an active 1:1 tandem, and an open proposal, survive the
    move from mentor_id / mentee_id to member rows, agreements and all."""
    store = Store.from_url(empty_db_url)
    at = "'2027-01-02 00:00:00+00:00'"
    try:
        await upgrade(store.engine, "0004")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                f"VALUES (1, 'P', '2027-01-01', 6, {at})"))
            for pid in (1, 2, 3, 4):
                await conn.execute(text(
                    "INSERT INTO people (id, key, platform, platform_user_id, created_at, "
                    f"updated_at, version) VALUES ({pid}, 'slack:U{pid}', 'slack', 'U{pid}', "
                    f"{at}, {at}, 1)"))
            # #1 approved, only the mentee confirmed the rules; #2 active, all agreed.
            await conn.execute(text(
                "INSERT INTO tandems (id, program_id, mentor_id, mentee_id, status, "
                "shared_topics, approved_by, approved_at, goals, cadence_days, "
                "session_minutes, rules_mentee_at, version) VALUES (1, 1, 3, 1, 'kickoff', "
                f"'[\"ai\"]', 'hr', {at}, '[]', 14, 60, {at}, 3)"))
            await conn.execute(text(
                "INSERT INTO tandems (id, program_id, mentor_id, mentee_id, status, "
                "shared_topics, approved_by, approved_at, activated_at, goals, cadence_days, "
                "session_minutes, mode, rules_mentor_at, rules_mentee_at, cadence_mentor_at, "
                "cadence_mentee_at, version) VALUES (2, 1, 2, 4, 'active', '[]', 'hr', "
                f"{at}, {at}, '[\"Prompting\"]', 21, 45, 'video', {at}, {at}, {at}, {at}, 7)"))
            await conn.execute(text(
                "INSERT INTO match_runs (id, program_id, created_by, created_at, status, "
                f"unmatched, version) VALUES (1, 1, 'hr', {at}, 'open', '[]', 1)"))
            await conn.execute(text(
                "INSERT INTO proposed_pairs (id, run_id, mentor_key, mentee_key, score, "
                "explanation, status, version) VALUES (1, 1, 'slack:U3', 'slack:U1', 0.5, "
                "'{}', 'proposed', 1)"))
        await upgrade(store.engine)
        async with store.unit() as repos:
            first, second = await repos.tandems.get(1), await repos.tandems.get(2)
            assert first is not None and second is not None
            assert [(m.person_id, m.role, m.rules_at is not None, m.cadence_at is not None)
                    for m in first.members] == [(3, "mentor", False, False),
                                                (1, "mentee", True, False)]
            assert [(m.person_id, m.role, m.rules_at is not None, m.cadence_at is not None)
                    for m in second.members] == [(2, "mentor", True, True),
                                                 (4, "mentee", True, True)]
            assert (first.format, first.members_key, first.status) == (
                "one_to_one", "1,3", "kickoff")
            assert (second.status, second.goals, second.mode, second.cadence_days) == (
                "active", ["Prompting"], "video", 21)
            assert await repos.tandems.live_between(1, [1, 3]) is first
            assert [t.id for t in await repos.tandems.current_for(1, 4)] == [2]
            assert await repos.tandems.busy_counts(1) == {1: 1, 2: 1, 3: 1, 4: 1}
            [pair] = await repos.matches.pairs(1)
            assert pair.members == [["slack:U3", "mentor"], ["slack:U1", "mentee"]]
            assert (await repos.enrollments.all_in(1)) == []
    finally:
        await store.close()


async def test_0006_gives_an_active_tandem_its_first_due_day(empty_db_url: str) -> None:
    """A tandem active before sessions existed is due one cadence after its activation; one
    still in its kick-off has no due day yet."""
    store = Store.from_url(empty_db_url)
    at = "'2027-01-02 10:00:00+00:00'"
    try:
        await upgrade(store.engine, "0005")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                f"VALUES (1, 'P', '2027-01-01', 6, {at})"))
            for tandem_id, status, activated in ((1, 'active', at), (2, 'kickoff', 'NULL')):
                await conn.execute(text(
                    "INSERT INTO tandems (id, program_id, format, members_key, status, "
                    "shared_topics, approved_by, approved_at, activated_at, goals, "
                    "cadence_days, session_minutes, version) VALUES "
                    f"({tandem_id}, 1, 'one_to_one', '{tandem_id}', '{status}', '[]', 'hr', "
                    f"{at}, {activated}, '[]', 21, 60, 1)"))
        await upgrade(store.engine)
        async with store.unit() as repos:
            active, kickoff = await repos.tandems.get(1), await repos.tandems.get(2)
            assert active is not None and kickoff is not None
            assert (active.due_on, active.last_session_on, active.planned_on) == (
                date(2027, 1, 23), None, None)
            assert kickoff.due_on is None
            assert [t.id for t in await repos.tandems.due_by(1, date(2027, 1, 23))] == [1]
            assert await repos.tandems.due_by(1, date(2027, 1, 22)) == []
            assert await repos.sessions.of(1) == []
    finally:
        await store.close()


async def test_0007_keeps_tandems_and_enrollments_and_adds_empty_questionnaires(
        empty_db_url: str) -> None:
    """A database of the last release with a tandem, its members' enrollments and a session
    upgrades without losing them: no pause start, no continuation, no responses yet."""
    store = Store.from_url(empty_db_url)
    at = "'2027-01-02 10:00:00+00:00'"
    try:
        await upgrade(store.engine, "0006")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                f"VALUES (1, 'P', '2027-01-01', 6, {at})"))
            await conn.execute(text(
                "INSERT INTO people (id, key, platform, platform_user_id, created_at, updated_at) "
                f"VALUES (1, 'slack:U1', 'slack', 'U1', {at}, {at})"))
            await conn.execute(text(
                "INSERT INTO enrollments (id, program_id, person_id, role, topics, never_match, "
                "languages, timezone, status, paused_until, created_at, updated_at, version) "
                f"VALUES (1, 1, 1, 'mentor', '[]', '[]', '[]', 'UTC', 'paused', '2027-02-01', "
                f"{at}, {at}, 1)"))
            await conn.execute(text(
                "INSERT INTO tandems (id, program_id, format, members_key, status, "
                "shared_topics, approved_by, approved_at, activated_at, goals, "
                "cadence_days, session_minutes, due_on, version) VALUES "
                f"(1, 1, 'one_to_one', '1', 'active', '[]', 'hr', {at}, {at}, '[]', 14, 60, "
                "'2027-01-16', 1)"))
            await conn.execute(text(
                "INSERT INTO sessions (id, tandem_id, held_on, minutes, created_at, updated_at, "
                f"version) VALUES (1, 1, '2027-01-10', 60, {at}, {at}, 1)"))
        await upgrade(store.engine)
        async with store.unit() as repos:
            tandem = await repos.tandems.get(1)
            assert tandem is not None and tandem.due_on == date(2027, 1, 16)
            assert tandem.continued_at is None
            enrollment = await repos.enrollments.by_id(1)
            assert enrollment is not None and enrollment.paused_until == date(2027, 2, 1)
            assert enrollment.paused_from is None
            assert [s.id for s in await repos.sessions.of(1)] == [1]
            assert await repos.responses.open_of(1) == []
    finally:
        await store.close()


async def test_0008_keeps_a_tandem_with_its_sessions_and_retros_and_adds_no_quick_wins(
        empty_db_url: str) -> None:
    """A database of 0007 with an active tandem, a session and its retro upgrades without
    losing them; quick wins start empty, and one can be stored for that tandem."""
    from storage.models import QuickWin, QuickWinConsent

    store = Store.from_url(empty_db_url)
    at = "'2027-01-02 10:00:00+00:00'"
    try:
        await upgrade(store.engine, "0007")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                f"VALUES (1, 'P', '2027-01-01', 6, {at})"))
            for pid in (1, 2):
                await conn.execute(text(
                    "INSERT INTO people (id, key, platform, platform_user_id, created_at, "
                    f"updated_at, version) VALUES ({pid}, 'slack:U{pid}', 'slack', 'U{pid}', "
                    f"{at}, {at}, 1)"))
            await conn.execute(text(
                "INSERT INTO tandems (id, program_id, format, members_key, status, "
                "shared_topics, approved_by, approved_at, activated_at, goals, "
                "cadence_days, session_minutes, due_on, version) VALUES "
                f"(1, 1, 'one_to_one', '1,2', 'active', '[]', 'hr', {at}, {at}, '[]', 14, 60, "
                "'2027-01-16', 1)"))
            await conn.execute(text(
                "INSERT INTO sessions (id, tandem_id, held_on, minutes, created_at, updated_at, "
                f"version) VALUES (1, 1, '2027-01-10', 60, {at}, {at}, 1)"))
            await conn.execute(text(
                "INSERT INTO responses (id, program_id, tandem_id, person_id, kind, subject, "
                "session_id, role, ordinal, period, asked_at, completed_at, version) VALUES "
                f"(1, 1, 1, 1, 'retro', 'session:1', 1, 'mentor', 1, '2027-01-10', {at}, {at}, "
                "2)"))
        await upgrade(store.engine)
        assert await current_revision(store.engine) == "0008"
        async with store.unit() as repos:
            assert [s.id for s in await repos.sessions.of(1)] == [1]
            response = await repos.responses.get(1)
            assert response is not None and response.completed_at is not None
            assert await repos.quick_wins.with_status(1, ("open", "posted")) == []
            now = response.asked_at
            win = QuickWin(program_id=1, tandem_id=1, author_id=1, text="It worked.",
                           status="open", revision=1, created_at=now, updated_at=now)
            win.consents = [QuickWinConsent(person_id=p, approved_revision=None,
                                            show_name=False, updated_at=now) for p in (1, 2)]
            await repos.quick_wins.add(win)
        async with store.unit() as repos:
            [stored] = await repos.quick_wins.with_status(1, ("open",))
            assert (stored.text, [c.person_id for c in stored.consents]) == ("It worked.",
                                                                             [1, 2])
    finally:
        await store.close()
