"""Audio decoding with sox and plain 16-bit WAV input/output with the standard library.

Everything entering the corpus is decoded once by sox to mono 16-bit PCM at the model rate,
with leading and trailing silence trimmed and the level normalised; after that the corpus only
handles WAV, which Python's ``wave`` module reads without extra dependencies.
"""

import subprocess
import wave

import numpy as np

from ..errors import UserError

AUDIO_SUFFIXES = (".wav", ".ogg", ".flac", ".mp3", ".aiff", ".aif", ".au", ".opus")

# Trim silence at both ends (sox's idiom: trim the start, reverse, trim again, reverse back).
TRIM = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]


def decode(source, target, sample_rate_hz):
    """Decodes ``source`` (any format sox reads) to trimmed, normalised mono WAV at ``target``.

    Raises UserError naming the file when sox cannot read it.
    """
    command = ["sox", "-q", str(source), "-r", str(sample_rate_hz), "-c", "1", "-b", "16"]
    command += [str(target)] + TRIM + ["gain", "-n", "-3"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "sox failed"
        raise UserError(f"cannot decode audio file {source} ({reason}); fix or remove it")


def read_wav(path):
    """Returns (int16 samples, sample rate) of a mono 16-bit WAV file."""
    try:
        with wave.open(str(path), "rb") as handle:
            if handle.getsampwidth() != 2 or handle.getnchannels() != 1:
                raise UserError(f"{path} is not mono 16-bit PCM")
            data = handle.readframes(handle.getnframes())
            return np.frombuffer(data, dtype="<i2").copy(), handle.getframerate()
    except (wave.Error, EOFError) as error:
        raise UserError(f"cannot read WAV file {path} ({error})") from None


def write_wav(path, samples, sample_rate_hz):
    """Writes int16 mono samples as a 16-bit WAV file."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate_hz)
        handle.writeframes(np.asarray(samples, dtype="<i2").tobytes())
