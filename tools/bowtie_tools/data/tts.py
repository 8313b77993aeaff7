"""Synthesises the project's sentences with the TTS engines Debian packages.

Engines: ``flite`` (voices kal16, awb, rms, slt), ``espeak-ng`` (voices and variants named by
file, e.g. ``en-us+f2``; ``pitch`` 0..99 moves the pitch) and ``festival`` (voices such as
``kal_diphone``, through ``text2wave``). Each call writes a WAV at the engine's own rate;
:func:`bowtie_tools.data.audio.decode` then brings it to the corpus format.
"""

import subprocess
import tempfile
from pathlib import Path

from ..errors import UserError

ENGINE_PACKAGES = {"flite": "libflite1", "espeak-ng": "espeak-ng-data", "festival": None}
FESTIVAL_VOICE_PACKAGES = {"kal_diphone": "festvox-kallpc16k"}


def synthesis_command(entry, text, target):
    """The command line that makes ``entry``'s voice say ``text`` into ``target``."""
    engine, voice = entry["engine"], entry["voice"]
    if engine == "flite":
        return ["flite", "-voice", voice, "-t", text, "-o", str(target)]
    if engine == "espeak-ng":
        command = ["espeak-ng", "-v", voice, "-w", str(target)]
        if "pitch" in entry:
            command += ["-p", str(int(entry["pitch"]))]
        return command + [text]
    if engine == "festival":
        return ["text2wave", "-eval", f"(voice_{voice})", "-o", str(target)]
    raise UserError(f"speaker '{entry['name']}': unknown TTS engine '{engine}'")


def synthesise(entry, text, target):
    """Runs the engine; UserError naming the voice when it fails or writes nothing."""
    command = synthesis_command(entry, text, target)
    stdin = text if entry["engine"] == "festival" else None
    with tempfile.TemporaryDirectory() as scratch:
        if stdin is not None:
            text_file = Path(scratch) / "text.txt"
            text_file.write_text(text + "\n")
            command = command + [str(text_file)]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            raise UserError(
                f"TTS engine '{command[0]}' for speaker '{entry['name']}' is not installed"
            ) from None
    if result.returncode != 0 or not Path(target).is_file() or Path(target).stat().st_size < 100:
        raise UserError(
            f"speaker '{entry['name']}': {entry['engine']} voice '{entry['voice']}' produced no "
            f"audio (is the voice installed?) {result.stderr.strip()[:120]}"
        )


def package_of(entry):
    """The Debian package holding the voice, for the licence record."""
    if entry["engine"] == "festival":
        return FESTIVAL_VOICE_PACKAGES.get(entry["voice"], "festival")
    return ENGINE_PACKAGES[entry["engine"]]
