"""`tandem match --dry-run` in a peer program: pairs with both directions, in the terminal."""

from __future__ import annotations

from pathlib import Path

from bot.config import EXAMPLE_PROGRAM
from tests.cli.conftest import Cli


def test_peer_dry_run_names_both_directions(tandem: Cli, tmp_path: Path) -> None:
    program = EXAMPLE_PROGRAM.read_text(encoding="utf-8")
    (tmp_path / "tandem.toml").write_text(
        program.replace('format = "one_to_one"', 'format = "peer"', 1), encoding="utf-8")
    # Teach, learn (numbers of the topics: 1 devex, 2 tools, 3 ai), department, manager,
    # languages, time zone, never pair with, ground rules: no role, no level.
    for name, answers in (("erika", "join\n3\n2\n\n\n1,2\n\n\ny\nexit\n"),
                          ("jonas", "join\n2\n3\n\n\n1,2\n\n\ny\nexit\n"),
                          ("mia", "join\n1\n7\n\n\n1,2\n\n\ny\nexit\n")):
        chat = tandem(["chat", "--as", name, "--lang", "en"], stdin=answers)
        assert chat.returncode == 0 and "You want to learn:" in chat.stdout, chat.stdout
    result = tandem(["match", "--dry-run"])
    assert result.returncode == 0, result.stderr
    out = result.stdout  # the program's language: German
    assert "A. erika ↔ jonas (Peers)" in out
    assert "erika vermittelt jonas: KI im Arbeitsalltag" in out
    assert "jonas vermittelt erika: Neue Tools" in out
    assert "mia (Peer): niemand vermittelt, was sie oder er lernen möchte (Social Media)" in out
