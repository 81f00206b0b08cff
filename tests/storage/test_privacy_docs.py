"""docs/privacy.md and docs/privacy.de.md describe every table of the personal-data
inventory (which itself covers every table of the models) and every Slack scope the
manifest requests: a new table or scope cannot ship undescribed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storage.personal_data import INVENTORY, unclassified

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "docs" / "privacy.md", ROOT / "docs" / "privacy.de.md"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_table_and_scope_is_described(doc: Path) -> None:
    assert unclassified() == []
    text = doc.read_text(encoding="utf-8")
    missing = [name for name in INVENTORY if f"| `{name}` |" not in text]
    assert missing == [], f"{doc.name} does not describe: {missing}"
    manifest = yaml.safe_load((ROOT / "manifests" / "slack" / "manifest.yaml").read_text())
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert [s for s in scopes if f"| `{s}` |" not in text] == []
    for key in ("retention_days", "min_group", "tandem purge"):
        assert key in text
