"""Process-group set-up for ``torchrun``: the same training code runs alone or distributed.

Under ``torchrun`` (or ``python -m torch.distributed.run``) the environment carries RANK,
WORLD_SIZE and LOCAL_RANK; we then join a process group (gloo on CPU, NCCL on CUDA). Without
them the run is a single process and no group is created.
"""

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class Topology:
    """Where this process sits in the run; ``rank`` 0 is the one that writes files."""

    rank: int
    world_size: int
    device: torch.device

    @property
    def distributed(self):
        return self.world_size > 1

    @property
    def is_writer(self):
        return self.rank == 0


def start(device_setting, cpu_threads=1):
    """Joins the process group when launched by torchrun and picks this process's device."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = device_setting == "cuda" or (device_setting == "auto" and torch.cuda.is_available())
    device = torch.device(f"cuda:{local_rank}") if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if world_size > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if use_cuda else "gloo")
    if not use_cuda:
        torch.set_num_threads(max(1, int(cpu_threads)))
    return Topology(rank, world_size, device)


def stop(topology):
    """Leaves the process group (after a final barrier so rank 0's files are complete)."""
    if topology.distributed and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def mean_across_ranks(values, topology):
    """Averages a dict of float tensors over all ranks (for logging the same loss on each)."""
    if not topology.distributed:
        return {k: float(v) for k, v in values.items()}
    stacked = torch.stack([values[k].detach().float() for k in values]).to(topology.device)
    dist.all_reduce(stacked)
    stacked /= topology.world_size
    return {k: float(v) for k, v in zip(values, stacked.cpu())}
