"""Training: the VAE on feature frames, single process or DistributedDataParallel."""
