import numpy as np
import torch

import synthetic
from bowtie_tools.config import DEFAULTS, merge
from bowtie_tools.train.distributed import Topology
from bowtie_tools.train.loop import train_vae

CPU = Topology(0, 1, torch.device("cpu"))


def config(**train):
    return merge(DEFAULTS, {"seed": 3, "train": dict({"epochs": 6, "batchSize": 128}, **train)})


def normalised_world():
    world = synthetic.speakers()
    x, ids = synthetic.frames(world)
    mean, std = x.mean(0), x.std(0)
    return world, (x - mean) / std, ids, mean, std


def test_training_lowers_the_loss():
    _, x, ids, _, _ = normalised_world()
    _, history = train_vae(x, ids, 3, config(), CPU, show_progress=False)
    assert history[-1]["loss"] < history[0]["loss"] - 2.0
    assert len(history) == 6


def test_same_seed_gives_identical_weights_and_other_seed_does_not():
    _, x, ids, _, _ = normalised_world()
    first, _ = train_vae(x, ids, 3, config(epochs=1), CPU, show_progress=False)
    second, _ = train_vae(x, ids, 3, config(epochs=1), CPU, show_progress=False)
    other_config = config(epochs=1)
    other_config["seed"] = 4
    other, _ = train_vae(x, ids, 3, other_config, CPU, show_progress=False)
    for key, value in first.state_dict().items():
        assert torch.equal(value, second.state_dict()[key]), key
    assert not torch.equal(first.speakers.weight, other.speakers.weight)


def test_trained_model_moves_frames_towards_the_true_target_speaker():
    world, x, ids, mean, std = normalised_world()
    model, _ = train_vae(x, ids, 3, config(epochs=15), CPU, show_progress=False)
    content = np.random.RandomState(9).randn(500, 8)
    source = (synthetic.render(world, content, 0) - mean) / std
    truth = (synthetic.render(world, content, 2) - mean) / std
    converted = model.convert(
        torch.as_tensor(source, dtype=torch.float32), model.speakers.weight[2]
    ).numpy()
    baseline_error = float(((source - truth) ** 2).mean())
    converted_error = float(((converted - truth) ** 2).mean())
    assert converted_error < 0.25 * baseline_error
