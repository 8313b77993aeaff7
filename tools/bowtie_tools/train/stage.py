"""The ``train`` stage: feature store -> normalised frames -> VAE -> checkpoint directory."""

import sys
from pathlib import Path

from ..features import dataset
from . import checkpoint, distributed
from .loop import train_vae


def checkpoint_dir(work):
    return Path(work) / "train"


def run(config, work, show_progress=True):
    """Trains on ``<work>/features`` and writes ``<work>/train``; rank 0 writes, others help."""
    index = dataset.load_index(work)
    raw, ids, speakers = dataset.training_frames(
        work, index, config["features"]["silenceRangeNepers"]
    )
    normaliser = dataset.normaliser_of(raw)
    frames = (raw - normaliser["mean"]) / normaliser["std"]
    topology = distributed.start(config["train"]["device"], config["train"]["cpuThreads"])
    try:
        if topology.is_writer:
            print(
                f"train: {len(frames)} frames, {len(speakers)} speakers, order {frames.shape[1]}, "
                f"{topology.world_size} process(es) on {topology.device}",
                file=sys.stderr,
            )
        model, history = train_vae(frames, ids, len(speakers), config, topology, show_progress)
        if topology.is_writer:
            checkpoint.save(
                checkpoint_dir(work),
                model,
                config,
                index["analysis"],
                normaliser,
                speakers,
                history,
            )
            last = history[-1]
            print(
                f"train: wrote {checkpoint_dir(work)} (final nll {last['nll']:.3f}, "
                f"kl {last['kl']:.3f})"
            )
    finally:
        distributed.stop(topology)
