"""Objective measures of conversion quality, as plain numpy functions.

Mel-cepstral distortion is computed over c1..cM only: c0 (the log gain) is excluded because the
engine carries it through unconverted, and loudness is not part of a voice's identity.
"""

import math

import numpy as np

MCD_SCALE = 10.0 / math.log(10.0) * math.sqrt(2.0)


def dtw_path(a, b):
    """Dynamic time warping between frame sequences a [N, D] and b [K, D] (Euclidean cost).

    Steps (1,0), (0,1), (1,1); the accumulated cost is filled one anti-diagonal at a time so
    numpy does the inner loop. Returns the aligned index arrays (ia, ib).
    """
    n, k = len(a), len(b)
    cost = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    acc = np.full((n + 1, k + 1), np.inf)
    acc[0, 0] = 0.0
    for diagonal in range(2, n + k + 1):
        i = np.arange(max(1, diagonal - k), min(n, diagonal - 1) + 1)
        j = diagonal - i
        best = np.minimum(np.minimum(acc[i - 1, j - 1], acc[i - 1, j]), acc[i, j - 1])
        acc[i, j] = cost[i - 1, j - 1] + best
    ia, ib = [n - 1], [k - 1]
    i, j = n, k
    while i > 1 or j > 1:
        moves = ((i - 1, j - 1), (i - 1, j), (i, j - 1))
        i, j = min(moves, key=lambda m: acc[m] if m[0] >= 1 and m[1] >= 1 else np.inf)
        ia.append(i - 1)
        ib.append(j - 1)
    return np.array(ia[::-1]), np.array(ib[::-1])


def mel_cepstral_distortion(a, b):
    """Mean MCD in dB between aligned frames of c1..cM (pass c0-free arrays)."""
    return float(np.mean(MCD_SCALE * np.sqrt(((a - b) ** 2).sum(axis=1))))


def convert_f0(f0, source_stats, target_stats):
    """Per-speaker log-F0 Gaussian transform; unvoiced frames (0) stay unvoiced."""
    out = np.zeros_like(f0)
    voiced = f0 > 0
    source_mean, source_std = source_stats
    target_mean, target_std = target_stats
    normalised = (np.log(f0[voiced]) - source_mean) / source_std
    out[voiced] = np.exp(normalised * target_std + target_mean)
    return out


def log_f0_rmse(a, b):
    """RMSE of natural-log F0 over frames voiced in both aligned arrays; None when none are."""
    both = (a > 0) & (b > 0)
    if not both.any():
        return None
    return float(np.sqrt(np.mean((np.log(a[both]) - np.log(b[both])) ** 2)))


def global_variance_ratio(converted, reference):
    """Mean over dimensions of var(converted) / var(reference): below 1 means over-smoothed."""
    return float(np.mean(converted.var(axis=0) / np.maximum(reference.var(axis=0), 1e-12)))
