package dev.bowtie.realtime.pipeline;

import dev.bowtie.realtime.dsp.PolyphaseResampler;

/**
 * The two rate converters at the edges of the loop: device rate to model rate for capture, model
 * rate to device rate for playback, both of the {@link PolyphaseResampler#lowLatency} design. When
 * both devices run at one rate (always the case for a file), the capture converter's output grid is
 * moved by a fraction of a device sample so that the round trip delays by a whole number of device
 * samples: a file converted offline can then be cut back into exact alignment with its input, and
 * the live loop, built the same way, stays sample for sample the same chain (it loses that fraction
 * of a sample of latency, under 23 µs).
 *
 * <p>At one device rate both converters run their filters at the same rate (device rate times the
 * capture converter's interpolation factor L), so the round trip is {@code (captureSteps +
 * playbackSteps) / L} device samples, where steps are {@link PolyphaseResampler#delaySteps()}.
 *
 * <p>Thread rules: built on a control thread; each converter then belongs to its stage's thread.
 */
final class DeviceResamplers {
  final PolyphaseResampler toModelRate;
  final PolyphaseResampler toDeviceRate;

  DeviceResamplers(int captureRateHz, int modelRateHz, int playbackRateHz) {
    toModelRate = PolyphaseResampler.lowLatency(captureRateHz, modelRateHz);
    toDeviceRate = PolyphaseResampler.lowLatency(modelRateHz, playbackRateHz);
    if (captureRateHz == playbackRateHz) {
      int steps = toModelRate.delaySteps() + toDeviceRate.delaySteps();
      toModelRate.shortenDelay(steps % toModelRate.upFactor());
    }
  }

  /**
   * The round trip's delay in device samples, a whole number when capture and playback share a rate
   * (the only case it is asked for).
   */
  int roundTripFrames() {
    int steps = toModelRate.delaySteps() + toDeviceRate.delaySteps();
    if (steps % toModelRate.upFactor() != 0) {
      throw new IllegalStateException("capture and playback rates differ: no whole-sample delay");
    }
    return steps / toModelRate.upFactor();
  }
}
