"""The `tandem` command as a person runs it, in-process (`bot.cli.main` with stdin and stdout
captured) on a real SQLite file and a fixed clock; `serve` once as a real process over HTTP."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.config import EXAMPLE_PROGRAM
from storage.migrate import alembic_config
from tests.cli.conftest import Cli

TANDEM = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[2]


def test_migrate_creates_the_database(tandem: Cli, tmp_path: Path) -> None:
    result = tandem(["migrate"])
    assert result.returncode == 0, result.stderr
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"database is at revision {head}" in result.stdout
    assert (tmp_path / "tandem.db").exists()


def test_chat_signs_up_in_the_console(tandem: Cli, tmp_path: Path) -> None:
    answers = "join\n2\n1,3\nIT\n\n1\n\n6\n\ny\nstatus\nexit\n"
    result = tandem(["chat", "--as", "alice", "--lang", "en"], stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "You are signed up as mentee" in result.stdout
    assert "you take part as mentee" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_bad_program_file_names_the_bad_key(tandem: Cli, tmp_path: Path) -> None:
    bad = EXAMPLE_PROGRAM.read_text().replace("minutes = 60", "minutes = 600").replace(
        "months = 6", "months = 6\nmonhts = 3")
    (tmp_path / "bad.toml").write_text(bad)
    result = tandem(["migrate"], env={"TANDEM_CONFIG": "bad.toml"})
    assert result.returncode == 2
    assert "'sessions.minutes' must be a whole number from 30 to 120" in result.stderr
    assert "unknown key 'program.monhts'" in result.stderr
    assert "Traceback" not in result.stderr


def test_tick_in_virtual_time(tandem: Cli, tmp_path: Path) -> None:
    answers = "join\n2\n1\n\n\n1\n\n6\n\ny\npause 2027-03-01\nexit\n"
    # The chat runs at TANDEM_NOW (2027-01-20), so the pause is in the future on any day.
    assert tandem(["chat", "--as", "bob", "--lang", "en"], stdin=answers).returncode == 0
    dry = tandem(["tick", "--now", "2027-03-01T08:00:00+01:00", "--dry-run"])
    assert dry.returncode == 0, dry.stderr
    assert "would resume 1" in dry.stdout
    # By kind and recipient, never the content; the message it would queue waits for Bob.
    assert "would queue (kind, count: to):\n  pause-ended 1: console:bob" in dry.stdout
    assert ("left for each person's `tandem chat --as NAME`:\n  pause-ended 1: console:bob"
            in dry.stdout)
    assert "Your break" not in dry.stdout
    real = tandem(["tick", "--now", "2027-03-01T08:00:00+01:00"])
    assert "resumed 1; sent 0" in real.stdout and "queued: pause-ended 1" in real.stdout
    # A tick's output goes to cron mails and logs: it counts, it never shows a message.
    assert "Your break" not in real.stdout and "bob" not in real.stdout
    assert "still queued: console 1" in real.stdout
    again = tandem(["tick", "--now", "2027-03-01T09:00:00+01:00"])
    assert "resumed 0; sent 0" in again.stdout  # nothing is queued twice
    # The bot wrote on its own: it waits for Bob's working time (9:00 in Berlin), then he
    # reads it when he opens his console, once.
    early = tandem(["chat", "--as", "bob", "--lang", "en"], stdin="exit\n",
                   now="2027-03-01T08:59:00+01:00")
    assert "Your break" not in early.stdout
    seen = tandem(["chat", "--as", "bob", "--lang", "en"], stdin="exit\n",
                  now="2027-03-01T09:00:00+01:00")
    assert seen.stdout.count("Your break in Reverse Mentoring 2027 ended") == 1
    seen = tandem(["chat", "--as", "bob", "--lang", "en"], stdin="exit\n",
                  now="2027-03-01T10:00:00+01:00")
    assert "Your break" not in seen.stdout
    assert tandem(["tick", "--now", "tomorrow"]).returncode != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lines(stream: object, into: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put(None)


def test_serve_answers_healthz_and_says_how_platforms_authenticate(tmp_path: Path) -> None:
    """The one real process: `serve` listens, answers /healthz and stops on a signal. It is
    ready when it says so (the startup line), however long a loaded machine takes."""
    extra = {"TEAMS_EMULATOR": "1"}
    teams_line = "Teams: on, emulator, no tokens, loopback clients only"
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MICROSOFT_", "DATABASE_", "TANDEM_", "TEAMS_"))}
    env.update({"PYTHONPATH": str(ROOT),
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}"} | extra)
    proc = subprocess.Popen([*TANDEM, "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    err: list[str] = []
    try:
        deadline = time.monotonic() + 120  # a bound for a hung start, not a wait
        while not any("Tandem is serving" in line for line in err):
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, "serve ended before it was ready:\n" + "".join(err)
            err.append(line)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as r:
            body = json.loads(r.read())
        assert body["database"] == {"reachable": True, "dialect": "sqlite"}
        assert body["slack"] is False and body["teams"] is bool(extra)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    while (line := lines.get(timeout=30)) is not None:
        err.append(line)
    text = "".join(err)
    assert f"(Slack: off; {teams_line})" in text
    [serving] = [json.loads(line) for line in err
                 if line.startswith("{") and '"serving"' in line]
    assert serving["slack"] == "off" and serving["teams"] == teams_line.split(": ", 1)[1]
    # The open emulator mode is worth a warning where activities are accepted: here.
    assert "emulator mode" in text
    assert "Traceback" not in text


def test_only_serve_warns_about_the_teams_emulator_mode(tandem: Cli) -> None:
    """`tick` and `chat` accept no activities: a warning there is noise in every cron mail."""
    for args, stdin in ((["tick"], ""), (["chat", "--as", "zed", "--lang", "en"], "exit\n")):
        result = tandem(args, stdin=stdin, env={"TEAMS_EMULATOR": "1"})
        assert result.returncode == 0, result.stderr
        assert "emulator" not in result.stderr and "emulator" not in result.stdout


def test_serve_says_teams_is_off_without_credentials(tandem: Cli) -> None:
    import asyncio

    from bot.app import build_runtime
    from bot.cli import _platforms
    from bot.config import load_settings

    settings = load_settings(env={"DATABASE_URL": tandem.url}, dotenv=False)

    async def line() -> dict[str, str]:
        runtime = await build_runtime(settings)
        try:
            return _platforms(runtime, settings)
        finally:
            await runtime.close()

    assert asyncio.run(line()) == {"slack": "off", "teams": "off"}


@pytest.mark.parametrize("app_id", ["not-a-guid", ""])
def test_teams_package_refuses_a_bad_app_id(tandem: Cli, tmp_path: Path, app_id: str) -> None:
    result = tandem(["teams-package", "--app-id", app_id, "--out", str(tmp_path / "t.zip")],)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "t.zip").exists()


def test_teams_package_builds_the_zip(tandem: Cli, tmp_path: Path) -> None:
    result = tandem(["teams-package", "--app-id", "6f1c1c9e-2b7a-4c6e-9a51-0d7f3a2b9c11",
                  "--out", str(tmp_path / "t.zip")])
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.zip").stat().st_size > 1000


PEOPLE_CSV = """platform_id;name;email;department;manager;cost_center;level
console:ceo;Clara;clara@example.org;Vorstand;;CC-1;executive
console:ana;Ana;ana@example.org;Technik;clara@example.org;CC-2;apprentice
;Lea;lea@example.org;Technik;clara@example.org;CC-2;lead
console:bad;Bad;not-an-email;X;;;junior
console:lvl;Lvl;lvl@example.org;X;;;emperor
"""


ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": ""}  # import's reasons follow the terminal's LANG


def test_import_is_idempotent_and_names_rejected_rows(tandem: Cli, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    first = tandem(["import", "people.csv"], env=ENGLISH)
    assert "3 new, 0 updated, 0 unchanged, 2 rejected" in first.stdout
    assert "line 5: not a platform id (slack:U…) or e-mail: not-an-email" in first.stdout
    assert "line 6: unknown level 'emperor'" in first.stdout
    assert first.returncode == 1  # rows were rejected: scripts notice
    second = tandem(["import", "people.csv"], env=ENGLISH)
    assert "0 new, 0 updated, 3 unchanged, 2 rejected" in second.stdout
    moved = PEOPLE_CSV.replace("lea@example.org;Technik", "lea@example.org;Vertrieb")
    (tmp_path / "people.csv").write_text(moved, encoding="utf-8")
    third = tandem(["import", "people.csv"], env=ENGLISH)  # Lea changed department
    assert "0 new, 1 updated, 2 unchanged, 2 rejected" in third.stdout
    missing = tandem(["import", "nope.csv"], env=ENGLISH)
    assert missing.returncode == 2 and "cannot read nope.csv" in missing.stderr


def test_match_dry_run_prints_proposals_and_changes_nothing(tandem: Cli, tmp_path: Path) -> None:
    for name, answers in (("erika", "join\n2\n1,3\n\n\n1,2\n\n6\n\ny\nexit\n"),
                          ("jonas", "join\n1\n1,3\n\n\n1,2\n\n2\n\ny\nexit\n")):
        assert tandem(["chat", "--as", name, "--lang", "en"],
                      stdin=answers).returncode == 0
    result = tandem(["match", "--dry-run"])
    assert result.returncode == 0, result.stderr
    # the program's language (German in the example) for a coordinator at the terminal
    assert "A. jonas (Mentor/in) ↔ erika (Mentee)" in result.stdout
    assert "KI im Arbeitsalltag, Developer Experience" in result.stdout  # program language: de
    assert tandem(["match"]).returncode == 2  # approving happens in chat


class _InterruptedStdin:
    """A terminal where the person presses Ctrl-C instead of typing a line."""

    def __init__(self) -> None:
        self.released = threading.Event()

    def readline(self) -> str:
        import signal

        signal.raise_signal(signal.SIGINT)  # as the terminal sends it to the process
        self.released.wait(30)
        return ""


def test_ctrl_c_ends_chat_quietly(tandem: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    # As Python starts in a terminal, also when this suite runs as a background job (whose
    # shell set SIGINT to ignored, and Python then keeps it ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    stdin = _InterruptedStdin()
    try:
        with monkeypatch.context() as m:
            m.setattr("sys.stdin", stdin)
            result = tandem(["chat", "--as", "zed", "--lang", "en"], stdin=None)
    finally:
        stdin.released.set()
        signal.signal(signal.SIGINT, previous)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert "Tandem console" in result.stdout


def test_tandem_now_fixes_the_clock_of_chat(tandem: Cli) -> None:
    answers = "join\n2\n1\n\n\n1\n\n6\n\ny\npause 2027-03-01\nexit\n"
    late = tandem(["chat", "--as", "bob", "--lang", "en"], stdin=answers,
                  now="2027-03-02T09:00:00+01:00")
    assert "not in the future" in late.stdout
    bad = tandem(["chat", "--as", "bob"], stdin="exit\n", now="next week")
    assert bad.returncode == 2 and "TANDEM_NOW" in bad.stderr


def test_a_dry_run_lists_the_kick_off_reminders_it_would_queue(tandem: Cli) -> None:
    from tests.flows.conftest import MENTEE, MENTOR

    for name, answers in (("erika", MENTEE), ("jonas", MENTOR)):
        tandem(["chat", "--as", name, "--lang", "en"],
               stdin="\n".join(["join", *answers, "exit"]) + "\n")
    tandem(["chat", "--as", "hr", "--lang", "en"], stdin="match\n1\nexit\n")
    later = "2027-01-30T10:00:00+01:00"  # 10 days after approval: both are nudged
    dry = tandem(["tick", "--now", later, "--dry-run"])
    assert "would queue 2;" in dry.stdout
    assert "  kickoff-nudge 2: console:jonas, console:erika" in dry.stdout
    # The intro is still queued for both (nobody opened a chat since): one group message.
    assert "  intro 1: console:jonas & console:erika" in dry.stdout
    assert "Meet" not in dry.stdout and "ground rules" not in dry.stdout
    assert "queued: kickoff-nudge 2" in tandem(["tick", "--now", later]).stdout
    again = tandem(["tick", "--now", later, "--dry-run"])
    assert "would queue 0;" in again.stdout  # queued once: a dry run does not list it again
    escalate = tandem(["tick", "--now", "2027-02-09T10:00:00+01:00", "--dry-run"])
    assert "  kickoff-escalation 1: console:hr" in escalate.stdout


FRAMING_EN = ("number", "numbers separated by commas", "y/n", "Cancelled. Nothing was saved.",
              "Enter keeps the suggestion", "Tandem console", "(to ")


def test_a_german_console_session_has_no_english_framing(tandem: Cli) -> None:
    # German answers: `j` for the ground rules; then a form left with `abbrechen`.
    answers = "anmelden\n2\n1,3\nIT\n\n1\n\n6\n\nj\nende\n"
    signed = tandem(["chat", "--as", "erika", "--lang", "de"], stdin=answers)
    assert "Sie sind als Mentee angemeldet" in signed.stdout
    assert "Tandem-Konsole – Sie sind erika." in signed.stdout
    assert "  Nummer: " in signed.stdout and "  Nummern, durch Kommas getrennt: " in signed.stdout
    assert "  j/n: " in signed.stdout
    assert "Mit der Eingabetaste übernehmen Sie den Vorschlag" in signed.stdout
    cancelled = tandem(["chat", "--as", "jonas", "--lang", "de"], stdin="anmelden\nabbrechen\n")
    assert "Abgebrochen. Es wurde nichts gespeichert." in cancelled.stdout
    for text in (signed.stdout, cancelled.stdout):
        lines = text.splitlines()
        for english in FRAMING_EN:
            assert not any(line.strip().startswith(english) for line in lines), english


def test_ctrl_c_on_a_piped_chat_ends_quietly(tmp_path: Path) -> None:
    """`producer | tandem chat` and Ctrl-C while the pipe is open: the stdin reader is blocked
    on the pipe, and the interpreter's shutdown used to abort with "Fatal Python error:
    _enter_buffered_busy" (a real process, since that happens only at its shutdown)."""
    import signal

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MICROSOFT_", "DATABASE_", "TANDEM_", "TEAMS_"))}
    env.update({"PYTHONPATH": str(ROOT),
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}"})
    producer = subprocess.Popen(["sleep", "60"], stdout=subprocess.PIPE)  # `sleep 60 | …`
    assert producer.stdout is not None
    proc = subprocess.Popen([*TANDEM, "chat", "--as", "zed", "--lang", "en"], cwd=tmp_path,
                            env=env, stdin=producer.stdout, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            # as a terminal's foreground job has it, even when this suite runs
                            # as a background job (whose shell set SIGINT to ignored)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    producer.stdout.close()
    try:
        assert proc.stdout is not None
        assert "Tandem console" in proc.stdout.readline()  # the session is up
        time.sleep(1)  # and its reader thread waits in input() on the open pipe
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
        producer.kill()
        producer.wait()
    assert proc.returncode == 130, stderr
    assert "Fatal Python error" not in stderr and "Traceback" not in stderr


def test_match_dry_run_prints_circles_in_the_group_format(tandem: Cli, tmp_path: Path) -> None:
    example = EXAMPLE_PROGRAM.read_text(encoding="utf-8")
    assert 'format = "one_to_one"' in example
    (tmp_path / "group.toml").write_text(
        example.replace('format = "one_to_one"', 'format = "group"'), encoding="utf-8")
    group = {"TANDEM_CONFIG": str(tmp_path / "group.toml")}
    mentor = "join\n1\n1,3\n\n\n1,2\n\n2\n\ny\nexit\n"
    for name, answers in (("erika", "join\n2\n1,3\n\n\n1,2\n\n6\n\ny\nexit\n"),
                          ("jonas", mentor), ("lea", mentor), ("mo", mentor)):
        assert tandem(["chat", "--as", name, "--lang", "en"], stdin=answers,
                      env=group).returncode == 0
    result = tandem(["match", "--dry-run"], env=group)
    assert result.returncode == 0, result.stderr
    assert "A. jonas, lea, mo (Mentor/innen) ↔ erika (Mentee)" in result.stdout
    assert "erika wünscht sich KI im Arbeitsalltag (jonas, lea, mo)" in result.stdout
    plain = tandem(["match", "--dry-run"])  # the same people, one to one
    assert "(Mentor/in) ↔ erika (Mentee)" in plain.stdout
