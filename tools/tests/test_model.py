import math

import numpy as np
import torch

from bowtie_tools.config import DEFAULTS
from bowtie_tools.model.vae import VoiceVae, vae_loss


def make_model(speakers=3):
    torch.manual_seed(0)
    return VoiceVae(24, speakers, DEFAULTS["model"]).eval()


def test_encoder_and_decoder_shapes_follow_the_config():
    model = make_model()
    mu, logvar = model.encoder(torch.zeros(5, 24))
    assert mu.shape == (5, 16) and logvar.shape == (5, 16)
    out = model.decoder(mu, torch.zeros(5, 16))
    assert out.shape == (5, 24)
    assert model.speakers.weight.shape == (3, 16)


def test_loss_is_gaussian_nll_plus_kl_plus_embedding_penalty():
    model = make_model()
    x = torch.randn(4, 24)
    recon = x + 0.5
    mu = torch.full((4, 16), 0.3)
    logvar = torch.full((4, 16), -0.2)
    config = dict(DEFAULTS["train"], klWeight=1.0, embeddingL2=0.01)
    total, terms = vae_loss(model, x, None, recon, mu, logvar, config)
    nll = 0.5 * 24 * (math.log(2 * math.pi) + 0.25)
    kl = 0.5 * 16 * (math.exp(-0.2) + 0.09 - 1 + 0.2)
    penalty = 0.01 * float((model.speakers.weight**2).sum())
    assert abs(float(terms["nll"]) - nll) < 1e-4
    assert abs(float(terms["kl"]) - kl) < 1e-4
    assert abs(float(total) - (nll + kl + penalty)) < 1e-3


def test_convert_is_deterministic_and_depends_on_the_speaker_embedding():
    model = make_model()
    x = torch.randn(10, 24)
    first = model.convert(x, model.speakers.weight[0])
    again = model.convert(x, model.speakers.weight[0])
    other = model.convert(x, model.speakers.weight[1])
    assert torch.equal(first, again)
    assert float((first - other).abs().mean()) > 1e-3


def test_blended_embedding_is_accepted_per_frame():
    model = make_model()
    x = torch.randn(2, 24)
    blend = 0.5 * (model.speakers.weight[0] + model.speakers.weight[1])
    per_frame = model.convert(x, torch.stack([blend, blend]))
    shared = model.convert(x, blend)
    np.testing.assert_allclose(per_frame.numpy(), shared.numpy(), atol=1e-6)
