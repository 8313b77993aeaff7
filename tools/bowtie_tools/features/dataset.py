"""Reads the feature store the ``features`` stage writes and turns it into frame sets.

Layout under ``<work>/features``: ``index.json`` (analysis settings, speakers, utterances with
their split) and one folder per utterance with ``mcep.npy`` (frames x (M+1), c0..cM),
``f0.npy`` (Hz, 0 = unvoiced) and ``features.json``, exactly as `bowtie features` writes them.
"""

import json
from pathlib import Path

import numpy as np

from ..errors import UserError

INDEX_NAME = "index.json"


def features_dir(work):
    return Path(work) / "features"


def load_index(work):
    """Returns the feature index; UserError when the features stage has not run."""
    path = features_dir(work) / INDEX_NAME
    if not path.is_file():
        raise UserError(f"{path} does not exist; run the `features` stage first")
    return json.loads(path.read_text())


def load_utterance(work, utterance):
    """Returns (mcep [T, M+1], f0 [T]) of one indexed utterance."""
    folder = features_dir(work) / utterance["features"]
    try:
        mcep = np.load(folder / "mcep.npy").astype(np.float32)
        f0 = np.load(folder / "f0.npy").astype(np.float32)
    except (OSError, ValueError) as error:
        raise UserError(
            f"features in {folder} are unreadable ({error}); rerun `features`"
        ) from None
    frames = min(len(mcep), len(f0))
    return mcep[:frames], f0[:frames]


def speech_mask(mcep, silence_range):
    """True for frames whose log gain c0 is within ``silence_range`` of the loud frames."""
    if len(mcep) == 0:
        return np.zeros(0, dtype=bool)
    loud = np.percentile(mcep[:, 0], 99)
    return mcep[:, 0] >= loud - silence_range


def log_f0_stats(f0_arrays):
    """Mean and std of natural-log F0 over the voiced frames of the given arrays."""
    voiced = np.concatenate([f[f > 0] for f in f0_arrays]) if f0_arrays else np.zeros(0)
    if len(voiced) < 10:
        return None
    logs = np.log(voiced)
    return float(logs.mean()), float(logs.std())


def utterances_of(index, speaker, split):
    return [u for u in index["utterances"] if u["speaker"] == speaker and u["split"] == split]


def training_speakers(index):
    """Speakers that get an embedding: every speaker not held out of training."""
    return [s for s in index["speakers"] if not s.get("heldOut", False)]


def training_frames(work, index, silence_range):
    """Stacks c1..cM of the speech frames of every training utterance of training speakers.

    Returns (frames [N, M] float32, speaker ids [N] int64, speaker records with log-F0 stats).
    """
    speakers = []
    frames, ids = [], []
    for sid, speaker in enumerate(training_speakers(index)):
        f0s = []
        for utterance in utterances_of(index, speaker["name"], "train"):
            mcep, f0 = load_utterance(work, utterance)
            keep = speech_mask(mcep, silence_range)
            frames.append(mcep[keep, 1:])
            ids.append(np.full(int(keep.sum()), sid, dtype=np.int64))
            f0s.append(f0)
        stats = log_f0_stats(f0s)
        if stats is None:
            raise UserError(f"speaker '{speaker['name']}' has no voiced frames in training data")
        speakers.append(dict(speaker, logF0Mean=stats[0], logF0Std=stats[1]))
    if not frames:
        raise UserError("no training frames: every speaker is held out or has no train split")
    return np.concatenate(frames), np.concatenate(ids), speakers


def normaliser_of(frames):
    """Per-dimension mean and std (floored so a constant dimension cannot divide by zero)."""
    mean = frames.mean(axis=0)
    std = np.maximum(frames.std(axis=0), 1e-4)
    return {"mean": mean.astype(np.float32), "std": std.astype(np.float32)}
