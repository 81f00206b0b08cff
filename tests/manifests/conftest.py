"""Shared fixtures: the app manifests and offline JSON Schema validators for them.

The schemas are vendored in `tests/manifests/schemas/` (see its README for sources and
licences), so the tests need no network and no checkout outside this repository.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = REPO_ROOT / "manifests"
SLACK_MANIFEST = MANIFESTS / "slack" / "manifest.yaml"
TEAMS_DIR = MANIFESTS / "teams"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
SLACK_SCHEMAS = SCHEMAS / "slack"
TEAMS_SCHEMAS = SCHEMAS / "teams" / "v1.17"

# `bot.teams_package` is imported from the source tree. Without an install of the project
# (`pip install -e .`) or `pythonpath` in the pytest settings, the repository root is not on
# sys.path under pytest's default import mode, so add it here.
if importlib.util.find_spec("bot") is None:
    sys.path.insert(0, str(REPO_ROOT))

SAMPLE_APP_ID = "2b7a3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d"
PLACEHOLDER = "{{MICROSOFT_APP_ID}}"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def remote_refs(node: Any) -> Iterator[str]:
    """Every `$ref` in a schema that points at a URL rather than inside the document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(("http://", "https://")):
            yield ref
        for value in node.values():
            yield from remote_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from remote_refs(value)


def slack_registry(top_schema: dict[str, Any]) -> Registry:
    """Map each remote `$ref` of the top Slack schema to the vendored file of the same name.

    jsonschema never fetches remote references; an unmapped URL fails with `Unresolvable`,
    so this cannot silently go online or skip a sub-schema.
    """
    resources = []
    for url in sorted(set(remote_refs(top_schema))):
        local = SLACK_SCHEMAS / url.rsplit("/", 1)[-1]
        assert local.is_file(), f"no vendored schema for {url}"
        resources.append((url, Resource.from_contents(load_json(local), DRAFT7)))
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def sample_app_id() -> str:
    return SAMPLE_APP_ID


@pytest.fixture(scope="session")
def teams_dir() -> Path:
    return TEAMS_DIR


@pytest.fixture(scope="session")
def slack_manifest_path() -> Path:
    return SLACK_MANIFEST


@pytest.fixture(scope="session")
def slack_validator() -> Draft7Validator:
    top = load_json(SLACK_SCHEMAS / "manifest.schema.json")
    Draft7Validator.check_schema(top)
    return Draft7Validator(top, registry=slack_registry(top))


@pytest.fixture(scope="session")
def teams_validator() -> Draft7Validator:
    # The Teams schemas declare draft-04 but use `const` (draft-06+): a Draft4Validator
    # would ignore `const` and accept any manifestVersion. Validate with Draft 7.
    schema = load_json(TEAMS_SCHEMAS / "MicrosoftTeams.schema.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@pytest.fixture(scope="session")
def teams_localization_validator() -> Draft7Validator:
    schema = load_json(TEAMS_SCHEMAS / "MicrosoftTeams.Localization.schema.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@pytest.fixture(scope="session")
def _slack_manifest() -> dict[str, Any]:
    return yaml.safe_load(SLACK_MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture
def slack_manifest(_slack_manifest: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of the Slack manifest, free to mutate."""
    return copy.deepcopy(_slack_manifest)


@pytest.fixture
def teams_manifest_raw() -> dict[str, Any]:
    """The Teams manifest as committed, placeholder included."""
    return load_json(TEAMS_DIR / "manifest.json")


@pytest.fixture
def teams_manifest() -> dict[str, Any]:
    """The Teams manifest with the sample app id filled in (as the package builder does)."""
    text = (TEAMS_DIR / "manifest.json").read_text(encoding="utf-8")
    return json.loads(text.replace(PLACEHOLDER, SAMPLE_APP_ID))


@pytest.fixture
def teams_de() -> dict[str, Any]:
    return load_json(TEAMS_DIR / "de-de.json")
