"""The voice-conversion model: a frame-wise VAE with a speaker-conditioned decoder."""
