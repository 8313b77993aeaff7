"""Checks, before anything else is imported, that this Python sees Debian's torch/numpy/onnx.

The first ``python3`` on a user's PATH is often a pyenv or venv interpreter without the Debian
packages; failing with an import error deep in a stage would be confusing, so the CLI calls
:func:`require_scientific_stack` first.
"""

import importlib
import sys

REQUIRED_MODULES = ("numpy", "torch", "onnx")

HINT = (
    "bowtie-tools: this Python ({exe}) cannot import {missing}; run the tools with Debian's "
    "/usr/bin/python3 and `apt-get install python3-torch python3-numpy python3-onnx`"
)


def missing_modules():
    """Returns the names of the required modules this interpreter cannot import."""
    missing = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def require_scientific_stack():
    """Exits with status 1 and one line of advice when torch, numpy or onnx is missing."""
    missing = missing_modules()
    if missing:
        print(HINT.format(exe=sys.executable, missing=", ".join(missing)), file=sys.stderr)
        sys.exit(1)
