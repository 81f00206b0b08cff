# ruff: noqa: E501
"""German for the texts of wt-matching (unmatched reasons, stale proposals, HR import),
both forms: `.venv/bin/python tools/fill_de.py tools/de_texts_matching.py` after
`tools/i18n_update.sh`. Texts that address nobody are the same in both."""

DE = {
    'Approve all':
        'Alle freigeben',
    "the header needs a 'platform_id' or an 'email' column":
        'die Kopfzeile braucht eine Spalte „platform_id“ oder „email“',
    'not a platform id (slack:U…) or e-mail: {value}':
        'keine Plattform-ID (slack:U…) und keine E-Mail-Adresse: {value}',
    'neither a platform id nor an e-mail':
        'weder Plattform-ID noch E-Mail-Adresse',
    'the manager is not a platform id or e-mail: {value}':
        'die Führungskraft ist keine Plattform-ID und keine E-Mail-Adresse: {value}',
    'a person cannot be their own manager':
        'niemand kann die eigene Führungskraft sein',
    "unknown level '{level}'; the program's levels are {levels}":
        'unbekannte Stufe „{level}“; die Stufen des Programms sind {levels}',
    'the same person appears twice in the file':
        'dieselbe Person steht zweimal in der Datei',
    'imported {path}: {created} new, {updated} updated, {unchanged} unchanged, {rejected} rejected':
        '{path} importiert: {created} neu, {updated} aktualisiert, {unchanged} unverändert, '
        '{rejected} abgelehnt',
    'line {line}: {reason}':
        'Zeile {line}: {reason}',
    'cannot read {path}: its text encoding is not recognised; please save it as CSV UTF-8':
        '{path} lässt sich nicht lesen: die Zeichenkodierung ist unbekannt; bitte als „CSV UTF-8“ speichern',
    'cannot read {path}: {reason}':
        '{path} lässt sich nicht lesen: {reason}',
    '{n} in a direct reporting line with them':
        '{n} direkt vorgesetzt oder unterstellt',
    '{n} in the same reporting chain (within {depth} levels)':
        '{n} in derselben Berichtskette (bis {depth} Ebenen)',
    '{n} in a conflict group of the program with them':
        '{n} in derselben Konfliktgruppe des Programms',
    '{n} excluded by a "never pair me with" list':
        '{n} über „Nicht zusammenbringen mit“ ausgeschlossen',
    '{n} in the same cost centre':
        '{n} in derselben Kostenstelle',
    '{n} rejected or dissolved as their pair before':
        '{n} als Tandem schon einmal abgelehnt oder aufgelöst',
    '{n} without a shared language':
        '{n} ohne gemeinsame Sprache',
    '{n} not at least {gap} level(s) more junior than them':
        '{n} nicht niedriger eingestuft (Mindestabstand in Stufen: {gap})',
    '{n} not at least {gap} level(s) more senior than them':
        '{n} nicht höher eingestuft (Mindestabstand in Stufen: {gap})',
    '{n} paired with someone who fits them better':
        '{n} mit jemandem gepaart, der besser passt',
    'mentors who offer these topics: {n}, of them {reasons}':
        'Mentor/innen mit diesen Themen: {n}, davon {reasons}',
    'mentees who want these topics: {n}, of them {reasons}':
        'Mentees mit diesen Themen: {n}, davon {reasons}',
    'no mentor offers {topics}':
        'kein/e Mentor/in bietet {topics} an',
    'no mentee wants {topics}':
        'kein Mentee sucht {topics}',
    'nobody who shares the topics shares a language':
        'niemand mit diesen Themen teilt eine Sprache mit der Person',
    'the level rule excluded the candidates':
        'die Stufenregel hat die Kandidat/innen ausgeschlossen',
    'every candidate was rejected or dissolved as their pair before':
        'alle Kandidat/innen wurden als Tandem mit der Person schon abgelehnt oder aufgelöst',
    'Nobody in the other role currently shares your topics ({topics}).':
        'In der anderen Rolle interessiert sich derzeit niemand für Ihre Themen ({topics}).',
    'The people who would fit you were paired with others this round.':
        'Wer zu Ihnen gepasst hätte, wurde in dieser Runde mit anderen zusammengebracht.',
    'Nobody in the other role was available this round.':
        'In der anderen Rolle war in dieser Runde niemand verfügbar.',
    'Nobody in the other role who shares your topics currently shares one of your languages.':
        'Wer in der anderen Rolle Ihre Themen teilt, spricht derzeit keine Ihrer Sprachen.',
    'The possible partners could not be paired with you because of a possible conflict of interest.':
        'Mit den möglichen Partner/innen können wir Sie wegen eines möglichen Interessenkonflikts nicht zusammenbringen.',
    'No other fitting partner was available this round.':
        'In dieser Runde war kein weiterer passender Partner verfügbar.',
    'no reporting line between the partners':
        'keine Berichtslinie zwischen den beiden',
    'no conflict of interest':
        'kein Interessenkonflikt',
    'a shared language':
        'eine gemeinsame Sprache',
    'the mentor being the more junior one':
        'die Mentorin oder der Mentor ist die jüngere Person',
    "Nobody who shares your topics could be paired with you this time. The program's rules that applied: {rules}.":
        'Mit niemandem, der Ihre Themen teilt, war diesmal ein Tandem möglich. Dabei galten diese Regeln des Programms: {rules}.',
    'Approve {letter}':
        '{letter} freigeben',
    'Reject {letter}':
        '{letter} ablehnen',
}

DU = {**DE, **{
    'Nobody in the other role currently shares your topics ({topics}).':
        'In der anderen Rolle interessiert sich derzeit niemand für deine Themen ({topics}).',
    'The people who would fit you were paired with others this round.':
        'Wer zu dir gepasst hätte, wurde in dieser Runde mit anderen zusammengebracht.',
    'Nobody in the other role who shares your topics currently shares one of your languages.':
        'Wer in der anderen Rolle deine Themen teilt, spricht derzeit keine deiner Sprachen.',
    'The possible partners could not be paired with you because of a possible conflict of interest.':
        'Mit den möglichen Partner/innen können wir dich wegen eines möglichen Interessenkonflikts nicht zusammenbringen.',
    "Nobody who shares your topics could be paired with you this time. The program's rules that applied: {rules}.":
        'Mit niemandem, der deine Themen teilt, war diesmal ein Tandem möglich. Dabei galten diese Regeln des Programms: {rules}.',
}}
