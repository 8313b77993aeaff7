"""Asks the engine whether it accepts a voice pack, so that the tools and the engine share one
set of rules: ``java -jar bowtie.jar voices --model DIR --check`` opens the pack exactly as
``live`` and ``convert`` do (model.json, checksums, ONNX graphs, parity self-test, voice names).
"""

import subprocess
from pathlib import Path

from ..errors import UserError
from ..features.extract import find_jar

ENGINE_PREFIX = "bowtie: "


def verify_pack(directory, jar=None):
    """Returns the engine's one line about an accepted pack; raises UserError with its reason.

    ``jar`` is found as for ``features``: the argument, else $BOWTIE_JAR, else the repository's
    build.
    """
    jar = find_jar(jar)
    command = [
        "java",
        "-jar",
        str(jar),
        "voices",
        "--model",
        str(Path(directory)),
        "--check",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        raise UserError(
            "`java` is not on PATH; install a Java 17 runtime (apt-get install "
            "openjdk-17-jre-headless) to check voice packs with the engine"
        ) from None
    if result.returncode == 0:
        return _last_line(result.stdout)
    reason = _last_line(result.stderr) or _last_line(result.stdout)
    if result.returncode == 1 and reason.startswith(ENGINE_PREFIX):
        raise UserError(reason[len(ENGINE_PREFIX) :])
    raise UserError(
        f"`{' '.join(command)}` failed with exit code {result.returncode}: "
        f"{reason or 'no message'}"
    )


def _last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""
