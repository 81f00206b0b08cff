"""The German texts for files sent in chat (`conversations/attachments.py`, the console's
saved-file line), formal ("Sie") and informal ("du"). Merged into both catalogs with
`.venv/bin/python tools/fill_de.py tools/de_texts_files.py` after `tools/i18n_update.sh`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    ("{name} is too large to be sent in this chat, so it was not sent. Nothing else is "
     "affected; please ask a coordinator if you need it."): (
        "{name} ist zu groß, um in diesem Chat gesendet zu werden, und wurde deshalb nicht "
        "gesendet. Sonst ist nichts betroffen; bitte wenden Sie sich an eine Koordinatorin "
        "oder einen Koordinator, wenn Sie die Datei brauchen.",
        "{name} ist zu groß, um in diesem Chat gesendet zu werden, und wurde deshalb nicht "
        "gesendet. Sonst ist nichts betroffen; bitte wende dich an eine Koordinatorin oder "
        "einen Koordinator, wenn du die Datei brauchst."),
    "{name} is {size} MB, too large to send in chat (at most {limit} MB). Nothing was sent.": (
        "{name} ist {size} MB groß und damit zu groß für den Chat (höchstens {limit} MB). "
        "Nichts wurde gesendet.",
        None),
    "File saved: {path}": ("Datei gespeichert: {path}", None),
    "the file cannot be sent there: it is too large for that platform's chat, or unreadable": (
        "die Datei kann dort nicht gesendet werden, sie ist zu groß für den Chat dieser "
        "Plattform oder nicht lesbar",
        None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
