"""The ``export`` stage: checkpoint (+ evaluation) -> voice pack directory, written atomically."""

import json
from pathlib import Path

from ..atomic import atomic_directory, write_json
from ..errors import UserError
from ..train import checkpoint
from ..train.stage import checkpoint_dir
from .graphs import export_graphs
from .manifest import build_manifest, build_parity
from .verify import verify_pack


def evaluation_path(work):
    return Path(work) / "evaluate" / "evaluation.json"


def run(work, out, card=None, jar=None, engine_check=True):
    """Writes encoder.onnx, decoder.onnx, model.json, parity.json (and MODEL_CARD.md) to ``out``.

    The pack is assembled in a temporary folder, checked by the engine (``bowtie.jar``, found as
    for ``features``; see :func:`verify_pack`), then renamed onto ``out``: a pack the engine
    refuses is never written. ``engine_check=False`` is for the engine's own tests only, which
    make a pack before bowtie.jar is built and open it with the engine themselves.
    """
    payload, model = checkpoint.load(checkpoint_dir(work))
    evaluation = None
    if evaluation_path(work).is_file():
        evaluation = json.loads(evaluation_path(work).read_text())
    sources = _sources(work)
    encoder, decoder = export_graphs(model)
    manifest = build_manifest(payload, model, encoder, decoder, evaluation, sources)
    manifest["training"]["speakers"] = _corpus_speakers(work)
    parity = build_parity(
        payload, model, payload["config"]["evaluate"]["parityFrames"], payload["config"]["seed"]
    )
    with atomic_directory(out) as tmp:
        (tmp / "encoder.onnx").write_bytes(encoder)
        (tmp / "decoder.onnx").write_bytes(decoder)
        write_json(tmp / "model.json", manifest)
        write_json(tmp / "parity.json", parity)
        if card is not None:
            (tmp / "MODEL_CARD.md").write_text(card(manifest))
        if engine_check:
            try:
                verify_pack(tmp, jar)
            except UserError as error:
                raise UserError(
                    f"the engine refuses the exported pack, so {out} is unchanged: {error}"
                ) from None
    sizes = sum(p.stat().st_size for p in Path(out).iterdir())
    print(
        f"export: wrote {out} ({len(manifest['speakers'])} voices, {sizes / 1024:.0f} KiB, "
        f"opset {manifest['opset']})"
    )
    return manifest


def _corpus_speakers(work):
    """Every corpus speaker (held out or not) with its amount of speech and F0 check."""
    index = Path(work) / "features" / "index.json"
    if not index.is_file():
        return []
    keys = ("name", "kind", "gender", "heldOut", "seconds", "source", "f0Check")
    return [{k: s[k] for k in keys if k in s} for s in json.loads(index.read_text())["speakers"]]


def _sources(work):
    corpus = Path(work) / "corpus" / "corpus.json"
    if not corpus.is_file():
        return []
    return json.loads(corpus.read_text()).get("sources", [])
