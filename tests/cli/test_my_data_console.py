"""`my data` in `tandem chat`: the export is saved as a JSON file in the folder given with
`--files`, and the terminal says where."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_my_data_in_the_console_is_saved_as_a_file(tandem: Cli) -> None:
    assert tandem(["migrate"]).returncode == 0
    result = tandem(["chat", "--as", "mia", "--lang", "en", "--files", "out"],
                    stdin="my data\nexit\n")
    assert result.returncode == 0, result.stderr
    [saved] = (tandem.tmp_path / "out").glob("tandem-my-data-*.json")
    assert "addresses" in saved.read_text(encoding="utf-8")
    assert f"File saved: {saved.resolve()}" in result.stdout
