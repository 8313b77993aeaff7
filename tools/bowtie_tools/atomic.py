"""Atomic writes: a reader sees either the previous complete output or the new complete one.

Every stage writes into a temporary sibling and renames it into place, so an interrupted or
failed run never leaves a half-written corpus, checkpoint or voice pack looking finished.
"""

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_directory(target):
    """Yields a fresh temporary directory beside ``target``; on success it replaces ``target``.

    On any exception the temporary directory is removed and ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="." + target.name + ".tmp-", dir=target.parent))
    os.chmod(tmp, 0o755)  # mkdtemp's 0700 would make a shared voice pack unreadable to others
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.parent / ("." + target.name + ".old-" + tmp.name.rsplit("-", 1)[-1])
        os.rename(target, old)
    os.rename(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(target, mode="w"):
    """Yields an open temporary file beside ``target``; on success it is renamed onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".tmp-", dir=target.parent)
    try:
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the file from other users
        with os.fdopen(fd, mode) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json(target, value):
    """Writes ``value`` as indented JSON to ``target`` atomically."""
    with atomic_file(target) as handle:
        json.dump(value, handle, indent=2, sort_keys=False)
        handle.write("\n")
