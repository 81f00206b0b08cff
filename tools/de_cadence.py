"""German texts of the cadence round (breaks move the due day, only who logged a session
corrects it, the console's `-`), formal ("Sie") and informal ("du").

Merged by `tools/fill_de.py tools/de_cadence.py`; see tools/de_texts.py.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "(Enter keeps the suggestion in [brackets], `-` empties an optional field; `cancel` "
    "stops.)": (
        "(Mit der Eingabetaste übernehmen Sie den Vorschlag in [Klammern], mit `-` leeren Sie "
        "ein freiwilliges Feld; mit `abbrechen` hören Sie auf.)",
        "(Mit der Eingabetaste übernimmst du den Vorschlag in [Klammern], mit `-` leerst du "
        "ein freiwilliges Feld; mit `abbrechen` hörst du auf.)"),
    "Next session due: {date}, after the break.": (
        "Nächste Sitzung fällig: {date}, nach der Pause.", None),
    "Only {who}, who logged it, can correct or remove this session. You can ask them to, "
    "and log your own sessions with `log`.": (
        "Nur {who} hat diese Sitzung eingetragen und kann sie korrigieren oder entfernen. Sie "
        "können {who} darum bitten und Ihre eigenen Sitzungen mit `eintragen` eintragen.",
        "Nur {who} hat diese Sitzung eingetragen und kann sie korrigieren oder entfernen. Du "
        "kannst {who} darum bitten und deine eigenen Sitzungen mit `eintragen` eintragen."),
    "This session is already logged: {session}. It counts once; you can correct it.": (
        "Diese Sitzung ist schon eingetragen: {session}. Sie zählt einmal; Sie können sie "
        "korrigieren.",
        "Diese Sitzung ist schon eingetragen: {session}. Sie zählt einmal; du kannst sie "
        "korrigieren."),
    "{who} already logged this session: {session}. It counts once, for all of you; only "
    "{who} can correct it.": (
        "{who} hat diese Sitzung schon eingetragen: {session}. Sie zählt einmal, für alle; "
        "nur {who} kann sie korrigieren.", None),
    "Ask for a correction": ("Um Korrektur bitten", None),
    "You already asked {who} to check this session.": (
        "Sie haben {who} schon gebeten, diese Sitzung zu prüfen.",
        "Du hast {who} schon gebeten, diese Sitzung zu prüfen."),
    "I asked {who} to check the session of {date}: only they, who logged it, can correct "
    "it.": (
        "Ich habe {who} gebeten, die Sitzung vom {date} zu prüfen: Nur wer sie eingetragen "
        "hat, kann sie korrigieren.", None),
    "Please check a session": ("Bitte eine Sitzung prüfen", None),
    "{who} asks you to check the session you logged: {session}.": (
        "{who} bittet Sie, die Sitzung zu prüfen, die Sie eingetragen haben: {session}.",
        "{who} bittet dich, die Sitzung zu prüfen, die du eingetragen hast: {session}."),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
