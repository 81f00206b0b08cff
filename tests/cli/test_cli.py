"""The `tandem` command as a person runs it: real processes, a real SQLite file, real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.config import EXAMPLE_PROGRAM
from storage.migrate import alembic_config

TANDEM = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, stdin: str = "", env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "MICROSOFT_", "DATABASE_", "TANDEM_"))}
    full_env.update({"PYTHONPATH": str(ROOT), "DATABASE_URL":
                     f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}"})
    full_env.update(env or {})
    return subprocess.run([*TANDEM, *args], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=full_env, timeout=timeout, check=False)


def test_migrate_creates_the_database(tmp_path: Path) -> None:
    result = run(["migrate"], tmp_path)
    assert result.returncode == 0, result.stderr
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"database is at revision {head}" in result.stdout
    assert (tmp_path / "tandem.db").exists()


def test_chat_signs_up_in_the_console(tmp_path: Path) -> None:
    answers = "join\n2\n1,3\nIT\n\n1\n\n6\n\ny\nstatus\nexit\n"
    result = run(["chat", "--as", "alice", "--lang", "en"], tmp_path, stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "You are signed up as mentee" in result.stdout
    assert "you take part as mentee" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_bad_program_file_names_the_bad_key(tmp_path: Path) -> None:
    bad = EXAMPLE_PROGRAM.read_text().replace("minutes = 60", "minutes = 600").replace(
        "months = 6", "months = 6\nmonhts = 3")
    (tmp_path / "bad.toml").write_text(bad)
    result = run(["migrate"], tmp_path, env={"TANDEM_CONFIG": "bad.toml"})
    assert result.returncode == 2
    assert "'sessions.minutes' must be a whole number from 30 to 120" in result.stderr
    assert "unknown key 'program.monhts'" in result.stderr
    assert "Traceback" not in result.stderr


def test_tick_in_virtual_time(tmp_path: Path) -> None:
    answers = "join\n2\n1\n\n\n1\n\n6\n\ny\npause 2027-03-01\nexit\n"
    # the console's wall clock is now; pausing until 2027-03-01 needs "now" before that
    assert run(["chat", "--as", "bob", "--lang", "en"], tmp_path, stdin=answers).returncode == 0
    dry = run(["tick", "--now", "2027-03-01T08:00:00+01:00", "--dry-run"], tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "would resume 1" in dry.stdout
    real = run(["tick", "--now", "2027-03-01T08:00:00+01:00"], tmp_path)
    assert "resumed 1; sent 0" in real.stdout
    # A tick's output goes to cron mails and logs: it counts, it never shows a message.
    assert "Your break" not in real.stdout and "bob" not in real.stdout
    assert "still queued: console 1" in real.stdout
    again = run(["tick", "--now", "2027-03-01T09:00:00+01:00"], tmp_path)
    assert "resumed 0; sent 0" in again.stdout  # nothing is queued twice
    # Bob reads it when he opens his console, once.
    seen = run(["chat", "--as", "bob", "--lang", "en"], tmp_path, stdin="exit\n")
    assert seen.stdout.count("Your break in Reverse Mentoring 2027 ended") == 1
    seen = run(["chat", "--as", "bob", "--lang", "en"], tmp_path, stdin="exit\n")
    assert "Your break" not in seen.stdout
    assert run(["tick", "--now", "tomorrow"], tmp_path).returncode != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("extra, teams_line", [
    ({}, "Teams: off"),
    ({"TEAMS_EMULATOR": "1"}, "Teams: on, emulator, no tokens, loopback clients only"),
])
def test_serve_answers_healthz_and_says_how_platforms_authenticate(
        tmp_path: Path, extra: dict[str, str], teams_line: str) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MICROSOFT_", "DATABASE_", "TANDEM_", "TEAMS_"))}
    env.update({"PYTHONPATH": str(ROOT),
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}"} | extra)
    proc = subprocess.Popen([*TANDEM, "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "serve did not answer /healthz"
        assert body["database"] == {"reachable": True, "dialect": "sqlite"}
        assert body["slack"] is False and body["teams"] is bool(extra)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"(Slack: off; {teams_line})" in err
    [serving] = [json.loads(line) for line in err.splitlines()
                 if line.startswith("{") and '"serving"' in line]
    assert serving["slack"] == "off" and serving["teams"] == teams_line.split(": ", 1)[1]
    assert "Traceback" not in err


@pytest.mark.parametrize("app_id", ["not-a-guid", ""])
def test_teams_package_refuses_a_bad_app_id(tmp_path: Path, app_id: str) -> None:
    result = run(["teams-package", "--app-id", app_id, "--out", str(tmp_path / "t.zip")],
                 tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "t.zip").exists()


def test_teams_package_builds_the_zip(tmp_path: Path) -> None:
    result = run(["teams-package", "--app-id", "6f1c1c9e-2b7a-4c6e-9a51-0d7f3a2b9c11",
                  "--out", str(tmp_path / "t.zip")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.zip").stat().st_size > 1000


PEOPLE_CSV = """platform_id;name;email;department;manager;cost_center;level
console:ceo;Clara;clara@example.org;Vorstand;;CC-1;executive
console:ana;Ana;ana@example.org;Technik;clara@example.org;CC-2;apprentice
;Lea;lea@example.org;Technik;clara@example.org;CC-2;lead
console:bad;Bad;not-an-email;X;;;junior
console:lvl;Lvl;lvl@example.org;X;;;emperor
"""


def test_import_is_idempotent_and_names_rejected_rows(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    english = {"LANG": "en_US.UTF-8", "LC_ALL": ""}  # the reasons follow the terminal's LANG
    first = run(["import", "people.csv"], tmp_path, env=english)
    assert "3 new, 0 updated, 2 rejected" in first.stdout
    assert "line 5: not a platform id (slack:U…) or e-mail: not-an-email" in first.stdout
    assert "line 6: unknown level 'emperor'" in first.stdout
    assert first.returncode == 1  # rows were rejected: scripts notice
    second = run(["import", "people.csv"], tmp_path, env=english)
    assert "0 new, 3 updated, 2 rejected" in second.stdout
    missing = run(["import", "nope.csv"], tmp_path, env=english)
    assert missing.returncode == 2 and "cannot read nope.csv" in missing.stderr


def test_match_dry_run_prints_proposals_and_changes_nothing(tmp_path: Path) -> None:
    for name, answers in (("erika", "join\n2\n1,3\n\n\n1,2\n\n6\n\ny\nexit\n"),
                          ("jonas", "join\n1\n1,3\n\n\n1,2\n\n2\n\ny\nexit\n")):
        assert run(["chat", "--as", name, "--lang", "en"], tmp_path,
                   stdin=answers).returncode == 0
    result = run(["match", "--dry-run"], tmp_path)
    assert result.returncode == 0, result.stderr
    # the program's language (German in the example) for a coordinator at the terminal
    assert "A. jonas (Mentor/in) ↔ erika (Mentee)" in result.stdout
    assert "KI im Arbeitsalltag, Developer Experience" in result.stdout  # program language: de
    assert run(["match"], tmp_path).returncode == 2  # approving happens in chat
