"""Merge translations into the German catalogs, and report what is still untranslated.

    .venv/bin/python tools/fill_de.py texts.py   # texts.py defines DE = {msgid: "Sie" text}
                                                 # and/or DU = {msgid: "du" text}
    .venv/bin/python tools/fill_de.py --report   # only list the untranslated msgids

DE fills de/LC_MESSAGES/tandem.po (formal), DU fills de/LC_MESSAGES/tandem_du.po (informal).
A text that addresses nobody (a label like "Role") is the same in both: give it in DE and
add it to DU too — the du catalog never falls back to the Sie one.
"""

from __future__ import annotations

import runpy
import sys

from babel.messages.pofile import read_po, write_po

POT = "conversations/locale/tandem.pot"
CATALOGS = {"DE": "conversations/locale/de/LC_MESSAGES/tandem.po",
            "DU": "conversations/locale/de/LC_MESSAGES/tandem_du.po"}


def merge(path: str, translations: dict[str, str]) -> list[str]:
    try:
        with open(path, "rb") as fh:
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
    with open(path, "wb") as fh:
        write_po(fh, catalog, omit_header=True, width=100)
    missing = [str(m.id) for m in catalog if m.id and not m.string]
    print(f"{path}: {len(catalog)} messages, {len(missing)} untranslated")
    return missing


def main(argv: list[str]) -> int:
    texts: dict[str, dict[str, str]] = {}
    if argv and argv[0] != "--report":
        found = runpy.run_path(argv[0])
        texts = {name: found.get(name, {}) for name in CATALOGS}
    untranslated = False
    for name, path in CATALOGS.items():
        for msgid in merge(path, texts.get(name, {})):
            untranslated = True
            print(f"  {name} missing: {msgid[:70]!r}")
    return 1 if untranslated and "--strict" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
