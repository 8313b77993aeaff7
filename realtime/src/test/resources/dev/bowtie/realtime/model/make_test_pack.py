"""Trains a small voice pack for the engine's tests with Bowtie's own training tool.

Usage: /usr/bin/python3 make_test_pack.py TOOLS_DIR FEATURES_DIR OUT_DIR ANALYSIS_JSON EPOCHS

FEATURES_DIR holds, per speaker NAME, NAME.mcep.npy ([frames, M+1], from the engine's own
feature extractor) and NAME.f0.npy ([frames]). Silent frames are dropped as the tool's features
stage does; the model is trained with bowtie_tools' train_vae and exported with its export stage
(encoder.onnx, decoder.onnx, model.json, parity.json, MODEL_CARD.md).
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch

tools, features, out, analysis, epochs = sys.argv[1:6]
sys.path.insert(0, tools)

from bowtie_tools.config import DEFAULTS, merge  # noqa: E402
from bowtie_tools.export import stage as export_stage  # noqa: E402
from bowtie_tools.export.card import model_card  # noqa: E402
from bowtie_tools.train import checkpoint  # noqa: E402
from bowtie_tools.train.distributed import Topology  # noqa: E402
from bowtie_tools.train.loop import train_vae  # noqa: E402
from bowtie_tools.train.stage import checkpoint_dir  # noqa: E402

SILENCE_NEPERS = 4.0
GENDERS = {"slt": "female", "rms": "male", "awb": "male", "kal16": "male"}

config = merge(
    DEFAULTS,
    {"name": "bowtie-engine-test-pack", "seed": 11, "train": {"epochs": int(epochs)}},
)
frames, ids, speakers = [], [], []
for sid, mcep_file in enumerate(sorted(Path(features).glob("*.mcep.npy"))):
    name = mcep_file.name[: -len(".mcep.npy")]
    mcep = np.load(mcep_file)
    f0 = np.load(Path(features) / f"{name}.f0.npy")
    loud = mcep[:, 0] > np.percentile(mcep[:, 0], 99) - SILENCE_NEPERS
    frames.append(mcep[loud, 1:])
    ids.append(np.full(int(loud.sum()), sid))
    log_f0 = np.log(f0[f0 > 0])
    speakers.append(
        {
            "name": name,
            "kind": "tts",
            "gender": GENDERS.get(name, "unknown"),
            "logF0Mean": float(log_f0.mean()),
            "logF0Std": float(log_f0.std()),
        }
    )
raw = np.concatenate(frames).astype(np.float32)
normaliser = {"mean": raw.mean(0), "std": raw.std(0)}
torch.set_num_threads(1)
model, history = train_vae(
    (raw - normaliser["mean"]) / normaliser["std"],
    np.concatenate(ids),
    len(speakers),
    config,
    Topology(0, 1, torch.device("cpu")),
    show_progress=False,
)
work = Path(out).parent / (Path(out).name + "-work")
checkpoint.save(
    checkpoint_dir(work), model, config, json.loads(analysis), normaliser, speakers, history
)
# bowtie.jar is not built yet when the engine's tests make this pack; they open it themselves.
export_stage.run(work, out, model_card, engine_check=False)
