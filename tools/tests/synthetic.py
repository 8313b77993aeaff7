"""Synthetic multi-speaker frames with a known answer, for unit tests of model and training.

Every speaker says the same latent "content" (8-D Gaussian) through one shared non-linear map,
plus a speaker-specific offset and scale per dimension. The true conversion of a frame from
speaker a to speaker b is therefore known exactly, which lets tests measure what the VAE learnt.
"""

import numpy as np

ORDER = 24


def speakers(count=3, seed=0):
    rng = np.random.RandomState(seed)
    return {
        "mix": rng.randn(8, ORDER) / np.sqrt(8),
        "offset": rng.randn(count, ORDER) * 1.5,
        "scale": np.exp(rng.randn(count, ORDER) * 0.2),
    }


def render(world, content, speaker):
    """Frames [N, M] of ``speaker`` saying ``content`` [N, 8]."""
    return np.tanh(content @ world["mix"]) * world["scale"][speaker] + world["offset"][speaker]


def frames(world, per_speaker=2000, seed=1):
    """Normalised training frames and speaker ids for every speaker of ``world``."""
    rng = np.random.RandomState(seed)
    xs, ids = [], []
    for speaker in range(len(world["offset"])):
        xs.append(render(world, rng.randn(per_speaker, 8), speaker))
        ids.append(np.full(per_speaker, speaker))
    x = np.concatenate(xs).astype(np.float32)
    return x, np.concatenate(ids)
