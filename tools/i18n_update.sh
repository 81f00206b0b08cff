#!/usr/bin/env bash
# Re-extract every user-facing text (t: the person acting; tp: a partner; tg: a group; tc: coordinators) and merge it into the catalogs (German first; others alike).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k t -k tp -k tg -k tc --no-default-keywords --omit-header \
  -o conversations/locale/tandem.pot .
.venv/bin/pybabel update -i conversations/locale/tandem.pot -d conversations/locale -D tandem \
  --omit-header --no-fuzzy-matching
