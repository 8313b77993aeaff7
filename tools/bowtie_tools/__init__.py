"""Bowtie's offline training tool: corpus -> features -> train -> evaluate -> export.

Runs on Debian's own Python (/usr/bin/python3) with python3-torch, python3-numpy and
python3-onnx. Every stage is a sub-command of ``python3 -m bowtie_tools``.
"""

TOOL_VERSION = "1.0.0"
