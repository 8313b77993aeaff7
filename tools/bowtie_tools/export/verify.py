"""Checks that a voice pack's model.json matches its ONNX files before anyone uses it."""

import hashlib
import json
from pathlib import Path

import onnx

from ..errors import UserError
from .graphs import tensor_signature


def verify_pack(directory):
    """Raises UserError naming the first mismatch; returns the manifest when all is well."""
    directory = Path(directory)
    manifest_path = directory / "model.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except FileNotFoundError:
        raise UserError(f"voice pack {directory} has no model.json") from None
    except ValueError as error:
        raise UserError(f"{manifest_path} is not valid JSON ({error}); export again") from None
    order = manifest.get("order")
    for part in ("encoder", "decoder"):
        entry = manifest.get(part)
        if not isinstance(entry, dict) or "file" not in entry:
            raise UserError(f"{manifest_path} has no '{part}' entry; export again")
        path = directory / entry["file"]
        if not path.is_file():
            raise UserError(f"{path} named by {manifest_path} is missing; export again")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise UserError(
                f"{path} does not match the sha256 in {manifest_path} (changed after export?); "
                "export again"
            )
        try:
            onnx.checker.check_model(onnx.load_from_string(data))
        except Exception as error:  # onnx raises several types for invalid graphs
            raise UserError(f"{path} is not a valid ONNX model ({error}); export again") from None
        signature = tensor_signature(data)
        if signature["inputs"] != entry.get("inputs") or signature["outputs"] != entry.get(
            "outputs"
        ):
            raise UserError(f"{path} tensors differ from those listed in {manifest_path}")
    if len(manifest.get("featureMean", [])) != order:
        raise UserError(f"{manifest_path}: featureMean has not `order` ({order}) entries")
    for speaker in manifest.get("speakers", []):
        if len(speaker.get("embedding", [])) != manifest.get("speakerEmbeddingDim"):
            raise UserError(
                f"{manifest_path}: speaker '{speaker.get('name')}' embedding has the wrong size"
            )
    return manifest
