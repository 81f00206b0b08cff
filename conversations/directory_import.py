"""`tandem import people.csv`: HR's export into the directory, idempotently, row by row.

Columns (header names as HR tools export them; German headers are accepted too):
platform id, name, email, department, manager (e-mail or platform id), cost center, level.
Comma, semicolon (German Excel) and tab separate; a level is its id or a label in any
language, ignoring case. Rows that cannot be used are reported, in the reader's language,
with the reason, and change nothing. Decoding the file's bytes is the caller's (bot/cli.py).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from conversations.cohort import find_level
from conversations.i18n import Translator
from conversations.program import PERSON_KEY, Program
from storage.repositories import Repositories

HEADERS: dict[str, str] = {
    "platform_id": "platform_id", "platform id": "platform_id", "user id": "platform_id",
    "plattform-id": "platform_id", "id": "platform_id",
    "name": "name", "full name": "name",
    "email": "email", "e-mail": "email", "mail": "email", "email address": "email",
    "e-mail-adresse": "email",
    "department": "department", "abteilung": "department",
    "manager": "manager", "manager email": "manager", "manager_email": "manager",
    "manager id": "manager", "führungskraft": "manager", "vorgesetzte": "manager",
    "vorgesetzter": "manager", "vorgesetzte/r": "manager",
    "cost_center": "cost_center", "cost center": "cost_center", "kostenstelle": "cost_center",
    "level": "level", "seniority": "level", "seniority level": "level", "stufe": "level",
    "karrierestufe": "level", "ebene": "level",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _delimiter(text: str) -> str:
    """The separator the header row uses most (German Excel writes semicolons, and then a
    comma inside "Einkauf, Logistik" is data); a one-column file has none, any will do."""
    header = text.split("\n", 1)[0]
    return max(";\t,", key=header.count) if any(c in header for c in ";\t,") else ","


def _ref(value: str) -> tuple[str | None, str | None]:
    """A manager or person reference: (platform key, e-mail)."""
    value = value.strip()
    if not value:
        return None, None
    if PERSON_KEY.match(value):
        return value, None
    if EMAIL.match(value):
        return None, value.lower()
    raise ValueError(value)


async def import_people(repos: Repositories, program: Program, text: str,
                        now: datetime, t: Translator | None = None) -> ImportReport:
    t = t or Translator(program.language)
    report = ImportReport()
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    columns = {h: HEADERS.get((h or "").strip().lower()) for h in reader.fieldnames or []}
    if not {"platform_id", "email"} & set(columns.values()):
        report.rejected.append((1, t("the header needs a 'platform_id' or an 'email' column")))
        return report
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if columns.get(k)}
        try:
            key, _ = _ref(row.get("platform_id", ""))
            _, email = _ref(row.get("email", ""))
        except ValueError as exc:
            report.rejected.append((line, t("not a platform id (slack:U…) or e-mail: {value}",
                                             value=exc)))
            continue
        if key is None and email is None:
            report.rejected.append((line, t("neither a platform id nor an e-mail")))
            continue
        try:
            manager_key, manager_email = _ref(row.get("manager", ""))
        except ValueError as exc:
            report.rejected.append((line, t("the manager is not a platform id or e-mail: "
                                             "{value}", value=exc)))
            continue
        manager = manager_key or manager_email
        if manager and manager in (key, email):
            report.rejected.append((line, t("a person cannot be their own manager")))
            continue
        typed_level = row.get("level") or None
        level = find_level(program, typed_level)
        if typed_level and level is None:
            names = ", ".join(program.level(x).label(t.language) for x in program.levels)
            report.rejected.append((line, t("unknown level '{level}'; the program's levels "
                                            "are {levels}", level=typed_level, levels=names)))
            continue
        ident = key or email or ""
        if ident in seen or (email and email in seen):
            report.rejected.append((line, t("the same person appears twice in the file")))
            continue
        seen.update(x for x in (key, email) if x)
        _, outcome = await repos.directory.upsert(
            person_key=key, email=email, now=now, name=row.get("name") or None,
            department=row.get("department") or None, manager_ref=manager,
            cost_center=row.get("cost_center") or None, level=level)
        if outcome == "created":
            report.created += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def report_lines(report: ImportReport, path: str, t: Translator) -> list[str]:
    """What `tandem import` prints: the counts, then each rejected line with its reason."""
    lines = [t("imported {path}: {created} new, {updated} updated, {unchanged} unchanged, "
               "{rejected} rejected", path=path, created=report.created,
               updated=report.updated, unchanged=report.unchanged,
               rejected=len(report.rejected))]
    lines += ["  " + t("line {line}: {reason}", line=line, reason=reason)
              for line, reason in report.rejected]
    return lines


def unreadable(path: str, t: Translator, reason: str | None = None) -> str:
    """The file could not be read (`reason`), or its encoding not told (no reason)."""
    if reason is None:
        return t("cannot read {path}: its text encoding is not recognised; please save it as "
                 "CSV UTF-8", path=path)
    return t("cannot read {path}: {reason}", path=path, reason=reason)
