"""Merge translations into the German catalogs, and report what is still untranslated.

    .venv/bin/python tools/fill_de.py texts.py   # texts.py defines DE = {msgid: "Sie" text}
                                                 # and/or DU = {msgid: "du" text}
    .venv/bin/python tools/fill_de.py --report   # only list the untranslated msgids
    .venv/bin/python tools/fill_de.py --todo new.py  # write what is missing in either catalog
                                                 # as TEXTS entries to fill in, then merge it

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


def todo(path: str) -> None:
    """What either catalog lacks, as a TEXTS file: the Sie text where there is one (e.g. from a
    helper who wrote only the formal German), the du text to write."""
    found: dict[str, dict[str, str]] = {}
    for name, po in CATALOGS.items():
        with open(po, "rb") as fh:
            found[name] = {str(m.id): str(m.string) for m in read_po(fh) if m.id}
    with open(POT, "rb") as fh:
        wanted = [str(m.id) for m in read_po(fh) if m.id]
    lines = ['"""Missing German texts: fill in, then `tools/fill_de.py` this file."""', "",
             "TEXTS: dict[str, tuple[str, str | None]] = {"]
    count = 0
    for msgid in wanted:
        sie, du = found["DE"].get(msgid, ""), found["DU"].get(msgid, "")
        if not (sie and du):
            lines.append(f"    {msgid!r}: ({sie!r}, {du or None!r}),")
            count += 1
    lines += ["}", "", "DE = {k: s for k, (s, _d) in TEXTS.items() if s}",
              "DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}", ""]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    print(f"{path}: {count} texts to write")


def main(argv: list[str]) -> int:
    texts: dict[str, dict[str, str]] = {}
    if argv[:1] == ["--todo"]:
        todo(argv[1])
        return 0
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
