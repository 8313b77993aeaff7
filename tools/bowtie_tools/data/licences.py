"""Licence records of the Debian packages whose audio goes into a corpus.

For machine-readable (DEP-5) copyright files the licence of the ``Files: *`` stanza is taken;
older free-form files get the summary below, written after reading them.
"""

import re
import subprocess
from pathlib import Path

FREE_FORM_SUMMARIES = {
    "libflite1": "CMU Flite licence: free use, modification and distribution with the "
    "copyright notice (Carnegie Mellon University; BSD-like)",
    "espeak-ng-data": "GPL-3+",
    "festvox-kallpc16k": "free use and distribution with the copyright notice "
    "(Alan W Black and Kevin Lenzo, 1998)",
}


def licence_record(package):
    """Returns {package, version, licence, copyrightFile} for an installed Debian package."""
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    ).stdout.strip()
    licence = FREE_FORM_SUMMARIES.get(package, "see copyright file")
    if copyright_file.is_file():
        text = copyright_file.read_text(errors="replace")
        match = re.search(r"^Files:\s*\*\s*$.*?^License:\s*([^\n]+)$", text, re.M | re.S)
        if match:
            licence = match.group(1).strip()
    return {
        "package": package,
        "version": version or "not installed",
        "licence": licence,
        "copyrightFile": str(copyright_file),
    }
