"""The training loop over in-memory frames: deterministic, single process or DDP.

Each optimiser step takes one global batch of ``batchSize`` frames drawn from a permutation
that depends only on the seed and the epoch; under DDP every rank takes its interleaved share
of that batch and DDP averages the gradients, so one process and N processes follow nearly the
same trajectory.
"""

import os

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel

from ..model.vae import VoiceVae, vae_loss
from ..progress import ProgressBar
from . import distributed


def seed_everything(seed):
    """Makes initialisation and sampling repeatable for a given seed."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    # cuBLAS is only deterministic with a fixed workspace; harmless on CPU.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True)


def train_vae(frames, speaker_ids, speaker_count, config, topology, show_progress=True):
    """Trains a :class:`VoiceVae` on normalised frames [N, M] with speaker ids [N].

    Returns (model, history) where history is a list of per-epoch dicts of mean loss terms.
    """
    seed_everything(config["seed"])
    train_config = config["train"]
    order = frames.shape[1]
    model = VoiceVae(order, speaker_count, config["model"]).to(topology.device)
    wrapped = model
    if topology.distributed:
        wrapped = DistributedDataParallel(model)
    optimiser = torch.optim.Adam(
        model.parameters(), lr=train_config["learningRate"], weight_decay=train_config["weightL2"]
    )
    data = torch.as_tensor(frames, dtype=torch.float32, device=topology.device)
    labels = torch.as_tensor(speaker_ids, dtype=torch.long, device=topology.device)
    batch = int(train_config["batchSize"])
    steps = max(1, len(frames) // batch)
    noise = torch.Generator(device=topology.device)
    noise.manual_seed(config["seed"] * 1000 + topology.rank)
    history = []
    for epoch in range(int(train_config["epochs"])):
        order_rng = np.random.RandomState(config["seed"] + epoch)
        permutation = torch.as_tensor(order_rng.permutation(len(frames)), device=topology.device)
        bar = ProgressBar(
            f"epoch {epoch + 1}/{train_config['epochs']}",
            steps,
            enabled=show_progress and topology.is_writer,
        )
        sums = {"loss": 0.0, "nll": 0.0, "kl": 0.0}
        for step in range(steps):
            index = permutation[step * batch : (step + 1) * batch][
                topology.rank :: topology.world_size
            ]
            x, y = data[index], labels[index]
            recon, mu, logvar = wrapped(x, y, noise)
            loss, terms = vae_loss(model, x, y, recon, mu, logvar, train_config)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            logged = distributed.mean_across_ranks({"loss": loss.detach(), **terms}, topology)
            for key in sums:
                sums[key] += logged[key]
            bar.update(1, nll=logged["nll"], kl=logged["kl"])
        bar.close()
        history.append({key: value / steps for key, value in sums.items()})
    return model, history
