import math

import numpy as np

from bowtie_tools.evaluate import metrics


def test_dtw_aligns_a_time_stretched_copy_with_zero_distortion():
    rng = np.random.RandomState(0)
    a = rng.randn(40, 24)
    b = np.repeat(a, 2, axis=0)  # the same frames, each held twice as long
    ia, ib = metrics.dtw_path(a, b)
    assert ia[0] == 0 and ib[0] == 0 and ia[-1] == 39 and ib[-1] == 79
    assert metrics.mel_cepstral_distortion(a[ia], b[ib]) == 0.0
    assert np.all(np.diff(ia) >= 0) and np.all(np.diff(ib) >= 0)


def test_dtw_of_identical_sequences_is_the_diagonal():
    a = np.random.RandomState(1).randn(30, 5)
    ia, ib = metrics.dtw_path(a, a)
    np.testing.assert_array_equal(ia, np.arange(30))
    np.testing.assert_array_equal(ib, np.arange(30))


def test_mcd_of_a_constant_offset_matches_the_formula():
    a = np.zeros((10, 24))
    b = np.full((10, 24), 0.1)
    expected = 10 / math.log(10) * math.sqrt(2 * 24 * 0.01)
    assert abs(metrics.mel_cepstral_distortion(a, b) - expected) < 1e-9
    assert abs(expected - 3.0090) < 1e-3


def test_f0_conversion_maps_source_statistics_onto_the_target_and_keeps_unvoiced():
    rng = np.random.RandomState(2)
    f0 = np.exp(rng.randn(2000) * 0.1 + math.log(110.0))
    f0[::10] = 0.0
    voiced = f0 > 0
    source = (float(np.log(f0[voiced]).mean()), float(np.log(f0[voiced]).std()))
    converted = metrics.convert_f0(f0, source, (math.log(220.0), 0.05))
    assert np.all(converted[~voiced] == 0)
    assert abs(np.log(converted[voiced]).mean() - math.log(220.0)) < 1e-9
    assert abs(np.log(converted[voiced]).std() - 0.05) < 1e-9


def test_log_f0_rmse_uses_only_frames_voiced_in_both():
    a = np.array([100.0, 0.0, 200.0, 100.0])
    b = np.array([100.0 * math.e, 150.0, 0.0, 100.0])
    assert abs(metrics.log_f0_rmse(a, b) - math.sqrt(0.5)) < 1e-12
    assert metrics.log_f0_rmse(np.zeros(3), b[:3]) is None


def test_global_variance_ratio_is_one_for_natural_and_a_quarter_for_halved_deviations():
    frames = np.random.RandomState(3).randn(500, 24) + 2.0
    assert abs(metrics.global_variance_ratio(frames, frames) - 1.0) < 1e-12
    halved = 0.5 * (frames - frames.mean(0)) + frames.mean(0)
    assert abs(metrics.global_variance_ratio(halved, frames) - 0.25) < 1e-12
