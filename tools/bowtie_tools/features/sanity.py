"""Is a folder one person? A check on the distribution of its voiced log-F0.

One speaker's log-F0 is roughly unimodal with a spread (std) under about 0.3 (natural log;
about half an octave). Two people of different pitch (a man and a woman) give a wide or
two-humped distribution. We report the median F0, the spread, and a two-means split: a folder
is *suspect* when its spread is too wide or when both halves of the split are large (>= 25 %)
and far apart (> 0.5, about 0.7 octave).
"""

import numpy as np

from .dataset import load_utterance


def two_means(values, iterations=20):
    """1-D k-means with two centres; returns (centres, share of the lower cluster)."""
    low, high = np.percentile(values, [25, 75])
    for _ in range(iterations):
        lower = values < (low + high) / 2
        if lower.all() or not lower.any():
            break
        low, high = values[lower].mean(), values[~lower].mean()
    return (float(low), float(high)), float(lower.mean())


def speaker_f0_check(work, utterances, feature_config):
    """F0 statistics and the one-person verdict for one speaker's utterances."""
    voiced = []
    for utterance in utterances:
        _, f0 = load_utterance(work, utterance)
        voiced.append(f0[f0 > 0])
    voiced = np.concatenate(voiced) if voiced else np.zeros(0)
    if len(voiced) < 50:
        return {"suspect": True, "reason": f"only {len(voiced)} voiced frames", "voicedFrames": 0}
    logs = np.log(voiced)
    spread = float(logs.std())
    (low, high), share = two_means(logs)
    reason = ""
    if spread > feature_config["maxLogF0Std"]:
        reason = f"log-F0 spread {spread:.2f} exceeds {feature_config['maxLogF0Std']}"
    elif min(share, 1 - share) >= 0.25 and high - low > 0.5:
        reason = (
            f"log-F0 has two large clusters at {np.exp(low):.0f} Hz and {np.exp(high):.0f} Hz "
            "(two people?)"
        )
    return {
        "suspect": bool(reason),
        "reason": reason or "one voice",
        "voicedFrames": int(len(voiced)),
        "medianF0Hz": round(float(np.exp(np.median(logs))), 1),
        "logF0Std": round(spread, 3),
    }
