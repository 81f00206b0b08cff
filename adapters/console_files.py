"""Files for the person at the terminal: written into a folder of theirs, never overwritten.

The folder is created private (0700) and each file readable by its owner only (0600): a
report's CSV may name people. A name already taken gets a number (`report (2).csv`).
"""

from __future__ import annotations

import os
from pathlib import Path

from conversations.attachments import File

DEFAULT_FOLDER = Path("tandem-files")
_MAX_TRIES = 1000


def save_file(folder: Path, file: File) -> Path:
    """Write `file` into `folder` under its own name (or a numbered one); its absolute path."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem, dot, suffix = file.name.rpartition(".")
    if not stem:  # ".csv" or no extension: the whole name is the stem
        stem, dot, suffix = file.name, "", ""
    for n in range(1, _MAX_TRIES + 1):
        name = file.name if n == 1 else f"{stem} ({n}){dot}{suffix}"
        path = folder / name
        try:
            # O_EXCL: two sessions saving the same name never write into one file.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as out:
            out.write(file.content)
        return path.resolve()
    raise FileExistsError(f"{_MAX_TRIES} files named like {file.name!r} in {folder}")
