"""A small speaker classifier: does converted speech sound (spectrally) like its target?

A two-layer MLP over single normalised c1..cM frames, trained on the training split of the
training speakers. An utterance is assigned the speaker with the highest summed frame
log-probability; frame accuracy is reported as well.
"""

import numpy as np
import torch
from torch import nn


class SpeakerClassifier(nn.Module):
    """Frame [batch, M] -> speaker logits [batch, S]."""

    def __init__(self, order, speaker_count, hidden):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(order, hidden), nn.ReLU(), nn.Linear(hidden, speaker_count)
        )

    def forward(self, frames):
        return self.net(frames)

    @torch.no_grad()
    def utterance_log_probs(self, frames):
        """Summed frame log-probabilities of each speaker for one utterance [T, M] -> [S]."""
        logits = self(torch.as_tensor(frames, dtype=torch.float32))
        return torch.log_softmax(logits, dim=1).sum(dim=0).numpy()

    @torch.no_grad()
    def frame_accuracy(self, frames, speaker):
        logits = self(torch.as_tensor(frames, dtype=torch.float32))
        return float((logits.argmax(dim=1) == speaker).float().mean())


def train_classifier(frames, labels, speaker_count, epochs, hidden, seed):
    """Fits the classifier with Adam on (frames, labels); deterministic for a seed."""
    torch.manual_seed(seed)
    model = SpeakerClassifier(frames.shape[1], speaker_count, hidden)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.as_tensor(frames, dtype=torch.float32)
    y = torch.as_tensor(labels, dtype=torch.long)
    rng = np.random.RandomState(seed)
    batch = 512
    for _ in range(epochs):
        order = torch.as_tensor(rng.permutation(len(x)))
        for start in range(0, len(x), batch):
            index = order[start : start + batch]
            loss = nn.functional.cross_entropy(model(x[index]), y[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return model.eval()
