#!/usr/bin/env bash
# Re-extract every user-facing text (t: the person acting; tp: a partner; tg: a group; tc: coordinators) and merge it into the catalogs:
# German "Sie" (de/LC_MESSAGES/tandem.po) and German "du" (de/LC_MESSAGES/tandem_du.po). New texts come in untranslated;
# fill both with tools/fill_de.py (a dict file with DE and DU) and run tests/flows/test_catalog.py.
set -euo pipefail
cd "$(dirname "$0")/.."
POT=conversations/locale/tandem.pot
DU=conversations/locale/de/LC_MESSAGES/tandem_du.po
.venv/bin/pybabel extract -F babel.cfg -k t -k tp -k tg -k tc --no-default-keywords --omit-header \
  -o "$POT" .
.venv/bin/pybabel update -i "$POT" -d conversations/locale -D tandem \
  --omit-header --no-fuzzy-matching
[ -f "$DU" ] || .venv/bin/pybabel init -i "$POT" -o "$DU" -l de
.venv/bin/pybabel update -i "$POT" -o "$DU" -l de --omit-header --no-fuzzy-matching
.venv/bin/python tools/fill_de.py --report
