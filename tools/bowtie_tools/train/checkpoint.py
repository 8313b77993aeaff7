"""Checkpoints: the trained weights plus everything needed to use them, in one file.

A checkpoint holds the model state, the merged configuration, the analysis settings the
features were made with, the feature normalisation (mean/std of c1..cM), the speakers (name,
kind, log-F0 statistics) and the loss history. The configuration is also written beside it as
``config.json`` so a person can read what produced it without loading torch.
"""

import io
from pathlib import Path

import torch

from ..atomic import atomic_directory, write_json
from ..errors import UserError
from ..model.vae import VoiceVae
from .png import loss_curve_png

FORMAT_VERSION = 1
CHECKPOINT_NAME = "checkpoint.pt"


def save(directory, model, config, analysis, normaliser, speakers, history):
    """Writes checkpoint.pt, config.json, history.json and loss.png into ``directory``.

    The whole directory is replaced atomically, so a crash never leaves a partial checkpoint.
    """
    payload = {
        "formatVersion": FORMAT_VERSION,
        "state": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "config": config,
        "analysis": analysis,
        "featureMean": [float(v) for v in normaliser["mean"]],
        "featureStd": [float(v) for v in normaliser["std"]],
        "speakers": speakers,
        "history": history,
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    with atomic_directory(directory) as tmp:
        (tmp / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
        write_json(tmp / "config.json", config)
        write_json(tmp / "history.json", history)
        series = {
            "total loss": [h["loss"] for h in history],
            "nll (-log p(x|z))": [h["nll"] for h in history],
            "kl": [h["kl"] for h in history],
        }
        (tmp / "loss.png").write_bytes(loss_curve_png(series, config["name"] + " training"))


def load(directory):
    """Reads a checkpoint directory; returns (payload dict, rebuilt model in eval mode).

    Raises UserError naming the file when it is missing, unreadable or not a Bowtie checkpoint.
    """
    path = Path(directory) / CHECKPOINT_NAME
    if not path.is_file():
        raise UserError(f"checkpoint {path} does not exist; run `train` first")
    try:
        payload = torch.load(path, map_location="cpu")
    except Exception as error:  # torch raises many types for damaged files
        raise UserError(
            f"checkpoint {path} is unreadable ({type(error).__name__}); delete it and run "
            "`train` again"
        ) from None
    if not isinstance(payload, dict) or payload.get("formatVersion") != FORMAT_VERSION:
        raise UserError(f"checkpoint {path} is not a Bowtie checkpoint (format {FORMAT_VERSION})")
    model = VoiceVae(
        len(payload["featureMean"]), len(payload["speakers"]), payload["config"]["model"]
    )
    try:
        model.load_state_dict(payload["state"])
    except RuntimeError:
        raise UserError(
            f"checkpoint {path} does not match its own model settings; run `train` again"
        ) from None
    model.eval()
    return payload, model
