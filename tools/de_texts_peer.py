"""German for the peer format (sign-up, matching, introduction, kick-off): Sie and du.

Merged by `tools/fill_de.py tools/de_texts_peer.py`; see tools/de_texts.py for the format.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # sign-up
    "**{program}** pairs two colleagues for {months} months who teach each other: each shares "
    "what they know and learns what the other knows, taking turns. Sessions are every {days} "
    "days for {minutes} minutes.": (
        "**{program}** bildet für {months} Monate Tandems aus zwei Kolleginnen oder Kollegen, "
        "die voneinander lernen: Abwechselnd gibt jede Person weiter, was sie weiß, und lernt, "
        "was die andere weiß. Die Treffen finden alle {days} Tage statt und dauern {minutes} "
        "Minuten.", None),
    "I can teach": ("Das kann ich vermitteln", None),
    "What you know well and would show your partner.": (
        "Was Sie gut können und Ihrem Gegenüber zeigen würden.",
        "Was du gut kannst und deinem Gegenüber zeigen würdest."),
    "I want to learn": ("Das möchte ich lernen", None),
    "What you would like your partner to show you.": (
        "Was Ihnen Ihr Gegenüber zeigen soll.",
        "Was dir dein Gegenüber zeigen soll."),
    "Please choose at least one topic you can teach.": (
        "Bitte wählen Sie mindestens ein Thema, das Sie vermitteln können.",
        "Bitte wähle mindestens ein Thema, das du vermitteln kannst."),
    "Please choose at least one topic you want to learn.": (
        "Bitte wählen Sie mindestens ein Thema, das Sie lernen möchten.",
        "Bitte wähle mindestens ein Thema, das du lernen möchtest."),
    "**The program now pairs peers** who teach each other. Your earlier answers are filled "
    "in: please check what you can teach and add what you want to learn.": (
        "**Das Programm bildet jetzt Peer-Tandems**, in denen beide voneinander lernen. Ihre "
        "bisherigen Angaben sind schon eingetragen: Bitte prüfen Sie, was Sie vermitteln "
        "können, und ergänzen Sie, was Sie lernen möchten.",
        "**Das Programm bildet jetzt Peer-Tandems**, in denen beide voneinander lernen. Deine "
        "bisherigen Angaben sind schon eingetragen: Bitte prüfe, was du vermitteln kannst, "
        "und ergänze, was du lernen möchtest."),
    "Welcome to **{program}**! You teach: {teach}. You want to learn: {learn}.\n\n"
    "A coordinator will propose your tandem partner. Type `status` any time, `pause` to take "
    "a break or `leave` to stop.": (
        "Willkommen bei **{program}**! Sie vermitteln: {teach}. Sie möchten lernen: {learn}."
        "\n\nDie Programmkoordination schlägt Ihnen ein passendes Gegenüber vor. Mit `status` "
        "sehen Sie jederzeit den aktuellen Stand, mit `pause` legen Sie eine Pause ein, mit "
        "`leave` melden Sie sich ab.",
        "Willkommen bei **{program}**! Du vermittelst: {teach}. Du möchtest lernen: {learn}."
        "\n\nDie Programmkoordination schlägt dir ein passendes Gegenüber vor. Mit `status` "
        "siehst du jederzeit den aktuellen Stand, mit `pause` legst du eine Pause ein, mit "
        "`leave` meldest du dich ab."),
    # status
    "You teach: {topics}": ("Sie vermitteln: {topics}", "Du vermittelst: {topics}"),
    "You want to learn: {topics}": ("Sie möchten lernen: {topics}",
                                    "Du möchtest lernen: {topics}"),
    "The program now pairs peers who teach each other. Type `join` to add what you want to "
    "learn; until then you are not matched.": (
        "Das Programm bildet jetzt Peer-Tandems, in denen beide voneinander lernen. Mit `join` "
        "ergänzen Sie, was Sie lernen möchten; bis dahin werden Sie nicht vermittelt.",
        "Das Programm bildet jetzt Peer-Tandems, in denen beide voneinander lernen. Mit `join` "
        "ergänzt du, was du lernen möchtest; bis dahin wirst du nicht vermittelt."),
    # coordinators' counts
    "Signed up: peers {n}": ("Angemeldet – Peers: {n}", None),
    "Waiting for a tandem: peers {n}": ("Warten auf ein Tandem – Peers: {n}", None),
    "Signed up as mentor or mentee before the program became peer-to-peer (not matched until "
    "they add what they want to learn): {n}": (
        "Als Mentor/in oder Mentee angemeldet, bevor das Programm auf Peer-Tandems umgestellt "
        "wurde (werden erst vermittelt, wenn sie ergänzen, was sie lernen möchten): {n}", None),
    # matching: coordinators
    "{teacher} teaches {learner}: {topics}": ("{teacher} vermittelt {learner}: {topics}", None),
    "signed up before the program became peer-to-peer and has not said what they want to "
    "learn; they are asked to type `join`": (
        "hat sich angemeldet, bevor das Programm auf Peer-Tandems umgestellt wurde, und noch "
        "nicht angegeben, was sie oder er lernen möchte; die Person wird gebeten, `join` "
        "einzugeben", None),
    "people who want to learn what they teach: {n}, of them {reasons}": (
        "Personen, die lernen möchten, was sie oder er vermittelt: {n}, davon {reasons}", None),
    "people who teach what they want to learn: {n}, of them {reasons}": (
        "Personen, die vermitteln, was sie oder er lernen möchte: {n}, davon {reasons}", None),
    "nobody else can be paired this round": (
        "sonst kann in dieser Runde niemand vermittelt werden", None),
    "nobody teaches what they want to learn ({topics})": (
        "niemand vermittelt, was sie oder er lernen möchte ({topics})", None),
    "nobody who teaches what they want to learn wants to learn what they teach ({topics})": (
        "niemand, der vermittelt, was sie oder er lernen möchte, will lernen, was sie oder er "
        "vermittelt ({topics})", None),
    # matching: the person
    "The program now pairs peers who teach each other, and we do not know yet what you want "
    "to learn: type `join` to add it.": (
        "Das Programm bildet jetzt Peer-Tandems, in denen beide voneinander lernen, und wir "
        "wissen noch nicht, was Sie lernen möchten: Mit `join` können Sie es ergänzen.",
        "Das Programm bildet jetzt Peer-Tandems, in denen beide voneinander lernen, und wir "
        "wissen noch nicht, was du lernen möchtest: Mit `join` kannst du es ergänzen."),
    "Nobody else was available this round.": (
        "In dieser Runde war sonst niemand verfügbar.", None),
    "Nobody currently teaches what you want to learn ({topics}).": (
        "Derzeit vermittelt niemand, was Sie lernen möchten ({topics}).",
        "Derzeit vermittelt niemand, was du lernen möchtest ({topics})."),
    "Nobody who teaches what you want to learn currently wants to learn what you teach "
    "({topics}).": (
        "Wer vermittelt, was Sie lernen möchten, möchte derzeit nicht lernen, was Sie "
        "vermitteln ({topics}).",
        "Wer vermittelt, was du lernen möchtest, möchte derzeit nicht lernen, was du "
        "vermittelst ({topics})."),
    "Nobody who could teach you or learn from you currently shares one of your languages.": (
        "Wer Ihnen etwas vermitteln oder von Ihnen lernen könnte, spricht derzeit keine Ihrer "
        "Sprachen.",
        "Wer dir etwas vermitteln oder von dir lernen könnte, spricht derzeit keine deiner "
        "Sprachen."),
    # introduction and kick-off
    "Meet your tandem partner: {a} and {b}. In this tandem you both teach and learn, taking "
    "turns: {a_name} shows {b_name} {a_topics}, and {b_name} shows {a_name} {b_topics}.": (
        "Darf ich vorstellen: {a} und {b} – Sie beide sind ab jetzt ein Tandem. Hier lernen "
        "und lehren Sie beide, abwechselnd: {a_name} zeigt {b_name} {a_topics}, und {b_name} "
        "zeigt {a_name} {b_topics}.",
        "Darf ich vorstellen: {a} und {b} – ihr beide seid ab jetzt ein Tandem. Hier lernt "
        "und lehrt ihr beide, abwechselnd: {a_name} zeigt {b_name} {a_topics}, und {b_name} "
        "zeigt {a_name} {b_topics}."),
    "{a} and {b} record 1–3 learning goals together, for what each of you wants to learn "
    "(either of you may edit or add);": (
        "{a} und {b} halten gemeinsam 1–3 Lernziele fest, für das, was jede und jeder von "
        "Ihnen lernen möchte (beide können sie ergänzen oder ändern);",
        "{a} und {b} halten gemeinsam 1–3 Lernziele fest, für das, was jede und jeder von "
        "euch lernen möchte (beide können sie ergänzen oder ändern);"),
    "What should each of you be able to do after the program? One to three goals, in a "
    "sentence each, for both of you.": (
        "Was möchten Sie beide nach dem Programm können? Ein bis drei Ziele für Sie beide, "
        "jeweils in einem Satz.",
        "Was möchtet ihr beide nach dem Programm können? Ein bis drei Ziele für euch beide, "
        "jeweils in einem Satz."),
    "**Eye level**: whoever teaches is the expert in that part of the session.": (
        "**Augenhöhe**: Wer gerade vermittelt, ist in diesem Teil des Gesprächs die Expertin "
        "bzw. der Experte.", None),
    "you or {others} record 1–3 learning goals": ("1–3 Lernziele von Ihnen oder {others}",
                                                   "1–3 Lernziele von dir oder {others}"),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
