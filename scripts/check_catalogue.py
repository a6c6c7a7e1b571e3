"""Fail when the Dutch catalogue misses a translation (every user-facing string must have a Dutch msgstr) or when
msgfmt refuses it (a translation whose {placeholders} or %(placeholders)s differ from its msgid's, which
compilemessages, and with it `make test`, rejects).

Runs makemessages on the current code, reads the result, and restores the catalogue as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def main() -> int:
    backup = Path(tempfile.mkdtemp()) / "django.po"
    if CATALOGUE.exists():
        shutil.copy2(CATALOGUE, backup)
    try:
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "verbinder"), "makemessages", "-l", "nl", "--no-obsolete", "-v0",
                "--ignore=.venv/*", "--ignore=tests/*", "--ignore=data/*", "--ignore=bench/*",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
            check=True,
        )  # fmt: skip
        catalogue = polib.pofile(str(CATALOGUE))
        missing = [
            entry for entry in catalogue if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
        ]
    finally:
        if backup.exists():
            shutil.copy2(backup, CATALOGUE)
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("msgfmt is missing: apt-get install -y gettext")
        return 1
    formats = subprocess.run(
        [msgfmt, "--check-format", "-o", os.devnull, str(CATALOGUE)], capture_output=True, text=True, check=False
    )
    if formats.returncode != 0:
        print("msgfmt refuses the Dutch catalogue:")
        print(formats.stderr)
        return 1
    if missing:
        print(f"The Dutch catalogue misses {len(missing)} translation(s); run `make messages` and translate:")
        for entry in missing[:50]:
            where = entry.occurrences[0][0] if entry.occurrences else "?"
            print(f"  {where}: {entry.msgid!r}")
        return 1
    print(f"Dutch catalogue complete: {len([e for e in catalogue if not e.obsolete])} messages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
