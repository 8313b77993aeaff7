"""The seeds' VAE (vae-npvc) over one mel-cepstral frame at a time.

Encoder: normalised c1..cM -> (mu, logvar) of a Gaussian latent z. Decoder: (z, speaker
embedding) -> normalised c1..cM. Speakers are rows of a learned embedding table that the loss
L2-regularises, as vae-npvc's ``_l2_regularized_embedding``; the decoder takes the embedding
*vector*, not an index, so the engine can blend voices.

Why frame-wise fully connected layers rather than vae-npvc's convolutions over the spectrum:
the engine runs the model every 5 ms hop at batch 1 on one CPU core, and a frame-wise model is
causal (no look-ahead latency) and costs about 0.1 M multiply-adds per hop, a few microseconds.
The layer sizes follow the PyTorch seed (input -> 256 -> 128 -> latent); activations are leaky
ReLUs (slope 0.02, vae-npvc's ``lrelu``) because the seed warns that plain ReLUs die and make
the reconstruction sparse. The speaker embedding is concatenated to the input of every decoder
layer (vae-npvc merges it once, at the first layer; with a small MLP, repeating it keeps the
speaker's influence strong in the later layers).
"""

import math

import torch
from torch import nn

LOG_2PI = math.log(2.0 * math.pi)


class FrameEncoder(nn.Module):
    """Maps [batch, M] normalised c1..cM to ``mu`` and ``logvar`` of shape [batch, Z]."""

    def __init__(self, order, hidden, latent_dim, slope):
        super().__init__()
        layers = []
        width = order
        for size in hidden:
            layers += [nn.Linear(width, size), nn.LeakyReLU(slope)]
            width = size
        self.body = nn.Sequential(*layers)
        self.mu = nn.Linear(width, latent_dim)
        self.logvar = nn.Linear(width, latent_dim)

    def forward(self, mcep):
        hidden = self.body(mcep)
        return self.mu(hidden), self.logvar(hidden)


class FrameDecoder(nn.Module):
    """Maps z [batch, Z] and a speaker embedding [batch, E] to [batch, M] normalised c1..cM."""

    def __init__(self, latent_dim, embedding_dim, hidden, order, slope):
        super().__init__()
        self.layers = nn.ModuleList()
        width = latent_dim
        for size in hidden:
            self.layers.append(nn.Linear(width + embedding_dim, size))
            width = size
        self.out = nn.Linear(width + embedding_dim, order)
        self.activation = nn.LeakyReLU(slope)

    def forward(self, z, speaker):
        hidden = z
        for layer in self.layers:
            hidden = self.activation(layer(torch.cat([hidden, speaker], dim=1)))
        return self.out(torch.cat([hidden, speaker], dim=1))


class VoiceVae(nn.Module):
    """Encoder, decoder and the speaker embedding table, trained together.

    ``forward`` is the training path (samples z with the reparameterisation trick);
    :meth:`convert` is the deterministic inference path the engine runs (z = mu).
    """

    def __init__(self, order, speaker_count, model_config):
        super().__init__()
        hidden = list(model_config["hidden"])
        slope = model_config["leakyReluSlope"]
        latent = model_config["latentDim"]
        embedding = model_config["speakerEmbeddingDim"]
        self.encoder = FrameEncoder(order, hidden, latent, slope)
        self.decoder = FrameDecoder(latent, embedding, list(reversed(hidden)), order, slope)
        self.speakers = nn.Embedding(speaker_count, embedding)
        nn.init.normal_(self.speakers.weight, std=0.1)

    def forward(self, mcep, speaker_ids, generator=None):
        """Returns (reconstruction, mu, logvar) for a batch of frames of known speakers."""
        mu, logvar = self.encoder(mcep)
        noise = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
        z = mu + noise * torch.exp(0.5 * logvar)
        return self.decoder(z, self.speakers(speaker_ids)), mu, logvar

    @torch.no_grad()
    def convert(self, mcep, embedding):
        """Converts normalised frames to the voice of ``embedding`` ([E] or [batch, E])."""
        mu, _ = self.encoder(mcep)
        if embedding.dim() == 1:
            embedding = embedding.expand(mcep.shape[0], -1)
        return self.decoder(mu, embedding)


def vae_loss(model, mcep, speaker_ids, recon, mu, logvar, train_config):
    """The vae-npvc objective per frame: -log N(x; x_hat, I) + KL(q(z|x) || N(0, I)).

    Both terms are summed over dimensions and averaged over frames, as in the seeds. Added to
    it: the L2 penalty on the speaker table (``embeddingL2``). Returns (total, terms dict).
    """
    log_px = -0.5 * (LOG_2PI + (mcep - recon) ** 2).sum(dim=1).mean()
    kl = 0.5 * (torch.exp(logvar) + mu**2 - 1.0 - logvar).sum(dim=1).mean()
    embedding_l2 = (model.speakers.weight**2).sum()
    total = -log_px + train_config["klWeight"] * kl + train_config["embeddingL2"] * embedding_l2
    return total, {"nll": -log_px.detach(), "kl": kl.detach()}
