# ruff: noqa: E501
"""German for the group format's texts (wt-group: circles in matching, introduction,
kick-off, status and leave), both forms: `.venv/bin/python tools/fill_de.py
tools/de_texts_circles.py` after `tools/i18n_update.sh`. None: the same in both."""

TEXTS: dict[str, tuple[str, str | None]] = {
    '{mentors} (mentors) ↔ {mentee} (mentee)': ('{mentors} (Mentor/innen) ↔ {mentee} (Mentee)', None),
    'You are waiting for a circle. A coordinator will propose one.': (
        'Sie warten noch auf Ihren Kreis. Die Programmkoordination schlägt Ihnen einen vor.',
        'Du wartest noch auf deinen Kreis. Die Programmkoordination schlägt dir einen vor.'),
    'Your circle with **{people}** started {days} days ago and is not active yet. A short kick-off together is all it takes. Still missing:': (
        'Ihr Kreis mit **{people}** besteht seit {days} Tagen, ist aber noch nicht gestartet. Dafür fehlt nur ein kurzer gemeinsamer Kick-off. Noch offen:',
        'Dein Kreis mit **{people}** besteht seit {days} Tagen, ist aber noch nicht gestartet. Dafür fehlt nur ein kurzer gemeinsamer Kick-off. Noch offen:'),
    'everyone goes back to the waiting list; its mentors and mentees will not be proposed to each other again;': (
        'alle kommen zurück auf die Warteliste; seine Mentor/innen und Mentees werden einander nicht wieder vorgeschlagen;', None),
    'The program coordination has ended your circle in **{program}**. Thank you for the time you invested. You are back on the waiting list and will be considered in the next round.': (
        'Die Programmkoordination hat Ihren Kreis bei **{program}** beendet. Danke für die Zeit, die Sie investiert haben! Sie stehen wieder auf der Warteliste und werden in der nächsten Runde berücksichtigt.',
        'Die Programmkoordination hat deinen Kreis bei **{program}** beendet. Danke für die Zeit, die du investiert hast! Du stehst wieder auf der Warteliste und wirst in der nächsten Runde berücksichtigt.'),
    'Tandem #{id} ({mentor} ↔ {mentee}) is dissolved ({reason}). Everyone in the circle was told kindly and is back on the waiting list; type `match` to match them anew.': (
        'Tandem #{id} ({mentor} ↔ {mentee}) ist aufgelöst ({reason}). Alle im Kreis wurden freundlich informiert und stehen wieder auf der Warteliste; mit `match` können Sie sie neu vermitteln.',
        'Tandem #{id} ({mentor} ↔ {mentee}) ist aufgelöst ({reason}). Alle im Kreis wurden freundlich informiert und stehen wieder auf der Warteliste; mit `match` kannst du sie neu vermitteln.'),
    '{n} departments': ('{n} Abteilungen', None),
    '{topic} ({mentors})': ('{topic} ({mentors})', None),
    '{mentee} wants {wishes}': ('{mentee} wünscht sich {wishes}', None),
    'not covered: {topics}': ('nicht abgedeckt: {topics}', None),
    'Meet your circle: {mentors} as mentors and {mentees} as {mentee_role}. You share: {topics}.': (
        'Darf ich vorstellen – Ihr Kreis: {mentors} als Mentor/innen und {mentees} als {mentee_role}. Gemeinsame Themen: {topics}.',
        'Darf ich vorstellen – dein Kreis: {mentors} als Mentor/innen und {mentees} als {mentee_role}. Gemeinsame Themen: {topics}.'),
    'mentees': ('Mentees', None),
    'mentors': ('Mentor/innen', None),
    '**How a circle works**': ('**So funktioniert ein Kreis**', None),
    'You meet as one group, in a discussion format: the mentors share the teaching, so no one junior carries a session alone, and the mentees hear several perspectives at once. Everyone speaks, nobody lectures.': (
        'Sie treffen sich als eine Gruppe, im Gesprächsformat: Die Mentor/innen teilen sich das Erklären, sodass niemand aus der jüngeren Generation eine Sitzung allein tragen muss, und die Mentees hören mehrere Perspektiven auf einmal. Alle kommen zu Wort, niemand hält Vorträge.',
        'Ihr trefft euch als eine Gruppe, im Gesprächsformat: Die Mentor/innen teilen sich das Erklären, sodass niemand aus der jüngeren Generation eine Sitzung allein tragen muss, und die Mentees hören mehrere Perspektiven auf einmal. Alle kommen zu Wort, niemand hält Vorträge.'),
    '{a} and {b}': ('{a} und {b}', None),
    '**Confidential**: what is said in the circle stays in the circle.': (
        '**Vertraulichkeit**: Was im Kreis besprochen wird, bleibt im Kreis.', None),
    '**Voluntary**: each of you takes part because you want to.': (
        '**Freiwilligkeit**: Jede und jeder von Ihnen macht mit, weil sie oder er es möchte.',
        '**Freiwilligkeit**: Jede und jeder von euch macht mit, weil sie oder er es möchte.'),
    '{name} ({department})': ('{name} ({department})', None),
    'Your circle in {program}': ('Ihr Kreis bei {program}', 'Dein Kreis bei {program}'),
    'Your circle is active! Goals: {goals}. You meet as a group every {days} days for {minutes} minutes ({mode}). Enjoy the conversations.': (
        'Ihr Kreis ist gestartet! Ziele: {goals}. Sie treffen sich als Gruppe alle {days} Tage für {minutes} Minuten ({mode}). Viel Freude an den Gesprächen!',
        'Euer Kreis ist gestartet! Ziele: {goals}. Ihr trefft euch als Gruppe alle {days} Tage für {minutes} Minuten ({mode}). Viel Freude an den Gesprächen!'),
    'Everything is agreed: your circle is now active.': (
        'Alles ist vereinbart: Ihr Kreis ist jetzt gestartet.',
        'Alles ist vereinbart: Euer Kreis ist jetzt gestartet.'),
    'How often and how long does the circle meet, and how? Everyone else in it will be asked to agree.': (
        'Wie oft, wie lange und in welcher Form trifft sich der Kreis? Alle anderen im Kreis werden dann um Zustimmung gebeten.', None),
    "{who} set your circle's learning goals:": (
        '{who} hat die Lernziele für Ihren Kreis festgehalten:',
        '{who} hat die Lernziele für euren Kreis festgehalten:'),
    'Your circle #{id} with **{people}** is active: every {days} days, {minutes} minutes ({mode}). Goals: {goals}': (
        'Ihr Kreis #{id} mit **{people}** ist gestartet: alle {days} Tage, {minutes} Minuten ({mode}). Ziele: {goals}',
        'Dein Kreis #{id} mit **{people}** ist gestartet: alle {days} Tage, {minutes} Minuten ({mode}). Ziele: {goals}'),
    'Your circle #{id} with **{people}** is in its kick-off. Still missing:': (
        'Ihr Kreis #{id} mit **{people}** ist im Kick-off. Noch offen:',
        'Dein Kreis #{id} mit **{people}** ist im Kick-off. Noch offen:'),
    '{n} who fit them, fewer than the {needed} a circle needs': (
        '{n}, die passen – weniger als die {needed}, die ein Kreis braucht', None),
    'Too few people in the other role fit you to form a circle this round.': (
        'In dieser Runde passen zu wenige Personen in der anderen Rolle zu Ihnen, um einen Kreis zu bilden.',
        'In dieser Runde passen zu wenige Personen in der anderen Rolle zu dir, um einen Kreis zu bilden.'),
    'Thank you for signing up for **{program}**. This round we could not find a fitting circle for you.': (
        'Danke für Ihre Anmeldung bei **{program}**. In dieser Runde konnten wir keinen passenden Kreis für Sie finden.',
        'Danke für deine Anmeldung bei **{program}**. In dieser Runde konnten wir keinen passenden Kreis für dich finden.'),
    'This circle was already approved: it is tandem #{id}. Type `tandems` to see all current tandems.': (
        'Dieser Kreis ist bereits freigegeben: Es ist Tandem #{id}. Mit `tandems` sehen Sie alle laufenden Tandems.',
        'Dieser Kreis ist bereits freigegeben: Es ist Tandem #{id}. Mit `tandems` siehst du alle laufenden Tandems.'),
    'That circle is no longer possible (someone paused, left or was matched meanwhile). Type `match` for fresh proposals.': (
        'Dieser Kreis ist nicht mehr möglich (jemand pausiert, ist ausgetreten oder wurde inzwischen vermittelt). Mit `match` erhalten Sie neue Vorschläge.',
        'Dieser Kreis ist nicht mehr möglich (jemand pausiert, ist ausgetreten oder wurde inzwischen vermittelt). Mit `match` bekommst du neue Vorschläge.'),
    'Rejected. Its mentors and mentees will not be proposed together again. Here are new proposals without it:': (
        'Abgelehnt. Seine Mentor/innen und Mentees werden nicht noch einmal zusammen vorgeschlagen. Hier die neuen Vorschläge ohne diesen Kreis:', None),
    'Approved {n} circle(s): {ids}. Everyone in each circle was introduced and the kick-off has started.': (
        'Freigegebene Kreise: {n} ({ids}). Alle in jedem Kreis wurden einander vorgestellt, der Kick-off läuft.', None),
    "Your circle's kick-off": ('Der Kick-off Ihres Kreises', 'Der Kick-off deines Kreises'),
    'your circle with **{partners}** ends, because it needs both a mentor and a mentee; they are told kindly that you left and go back to the waiting list;': (
        'Ihr Kreis mit **{partners}** endet, weil er Mentor/in und Mentee braucht; die anderen erfahren freundlich, dass Sie ausgetreten sind, und kommen wieder auf die Warteliste;',
        'dein Kreis mit **{partners}** endet, weil er Mentor/in und Mentee braucht; die anderen erfahren freundlich, dass du ausgetreten bist, und kommen wieder auf die Warteliste;'),
    'A member of your circle has left **{program}**. Without both a mentor and a mentee the circle cannot go on, so it has ended. Thank you for your time together. You are back on the waiting list and will be considered in the next round.': (
        'Eine Person aus Ihrem Kreis hat **{program}** verlassen. Ohne Mentor/in und Mentee kann der Kreis nicht weitergehen, deshalb ist er beendet. Danke für die gemeinsame Zeit! Sie stehen wieder auf der Warteliste und werden in der nächsten Runde berücksichtigt.',
        'Eine Person aus deinem Kreis hat **{program}** verlassen. Ohne Mentor/in und Mentee kann der Kreis nicht weitergehen, deshalb ist er beendet. Danke für die gemeinsame Zeit! Du stehst wieder auf der Warteliste und wirst in der nächsten Runde berücksichtigt.'),
}

DE = {k: s for k, (s, _d) in TEXTS.items()}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items()}
