"""Merge translations from a dict file into the German catalog (used while writing German)."""

import runpy
import sys

from babel.messages.pofile import read_po, write_po

PO = "conversations/locale/de/LC_MESSAGES/tandem.po"
POT = "conversations/locale/tandem.pot"

translations = runpy.run_path(sys.argv[1])["DE"]
try:
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="de")
except FileNotFoundError:
    with open(POT, "rb") as fh:
        catalog = read_po(fh, locale="de")
with open(POT, "rb") as fh:
    template = read_po(fh)
catalog.update(template, no_fuzzy_matching=True)
for message in catalog:
    if message.id in translations:
        message.string = translations[message.id]
with open(PO, "wb") as fh:
    write_po(fh, catalog, omit_header=False, width=100)
missing = [m.id for m in catalog if m.id and not m.string]
print(f"{len(catalog)} messages, {len(missing)} untranslated")
