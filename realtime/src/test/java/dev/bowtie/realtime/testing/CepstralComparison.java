package dev.bowtie.realtime.testing;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a recording with a reference rendering of the same speech, segment by segment, as the
 * engine's own {@link FeatureExtractor} analyses them: each segment of the reference is matched to
 * the recording at its own best offset, so a recording that slid against the reference (drift
 * correction, a skipped hop) is still compared frame by frame.
 */
public final class CepstralComparison {
  /** Steps of the offset search, in samples: a tenth of a 5 ms hop at 16 kHz. */
  private static final int STEP_SAMPLES = 8;

  private CepstralComparison() {}

  /**
   * One segment of the reference and its best match in the recording.
   *
   * @param startSeconds where the segment starts in the reference
   * @param speechFrames the segment's speech frames, over which the figures are taken
   * @param offsetSamples where the segment sits in the recording, relative to its reference time
   * @param mcdDb mean mel-cepstral distortion (c1..cM) over the speech frames at that offset
   * @param referenceF0Hz F0 of the reference's speech frames (0 = unvoiced)
   * @param recordingF0Hz F0 of the matched frames of the recording
   */
  public record Segment(
      double startSeconds,
      int speechFrames,
      int offsetSamples,
      double mcdDb,
      double[] referenceF0Hz,
      double[] recordingF0Hz) {}

  /**
   * Cuts the reference into segments of {@code segmentFrames} frames and finds each in the
   * recording within {@code searchSamples} of {@code lagSamples}, at the offset of lowest MCD.
   * Speech frames are those whose c0 lies within 4 (natural-log units) of the reference's 99th
   * percentile, the training tools' rule; segments with fewer than a fifth of their frames speech
   * are left out.
   *
   * @param reference samples at {@code settings.sampleRateHz()}
   * @param recording samples at the same rate, holding the reference's speech around {@code
   *     lagSamples}
   * @param lagSamples the recording's approximate delay against the reference
   */
  public static List<Segment> compare(
      AnalysisSettings settings,
      float[] reference,
      float[] recording,
      int lagSamples,
      int segmentFrames,
      int searchSamples) {
    int hop = settings.hopSamples();
    int width = settings.coefficients();
    FeatureExtractor.Features ref = FeatureExtractor.extract(settings, reference);
    FeatureExtractor.Features[] byPhase = new FeatureExtractor.Features[hop / STEP_SAMPLES];
    for (int p = 0; p < byPhase.length; p++) {
      byPhase[p] =
          FeatureExtractor.extract(
              settings, Arrays.copyOfRange(recording, p * STEP_SAMPLES, recording.length));
    }
    boolean[] speech = speechFrames(ref, width);
    List<Segment> segments = new ArrayList<>();
    for (int from = 0; from + segmentFrames <= ref.frames(); from += segmentFrames) {
      int[] frames = selected(speech, from, from + segmentFrames);
      if (frames.length < segmentFrames / 5) {
        continue;
      }
      double best = Double.MAX_VALUE;
      int bestOffset = 0;
      for (int offset = Math.floorDiv(lagSamples - searchSamples, STEP_SAMPLES) * STEP_SAMPLES;
          offset <= lagSamples + searchSamples;
          offset += STEP_SAMPLES) {
        double d = mcdDb(ref, byPhase, frames, offset, hop, width);
        if (d < best) {
          best = d;
          bestOffset = offset;
        }
      }
      FeatureExtractor.Features matched = byPhase[Math.floorMod(bestOffset, hop) / STEP_SAMPLES];
      int shift = Math.floorDiv(bestOffset, hop);
      double[] refF0 = new double[frames.length];
      double[] recF0 = new double[frames.length];
      for (int i = 0; i < frames.length; i++) {
        refF0[i] = ref.f0Hz()[frames[i]];
        recF0[i] = matched.f0Hz()[frames[i] + shift];
      }
      segments.add(
          new Segment(
              (double) from * hop / settings.sampleRateHz(),
              frames.length,
              bestOffset,
              best,
              refF0,
              recF0));
    }
    return segments;
  }

  /** Mean MCD of the reference's {@code frames} against the recording at {@code offset}. */
  private static double mcdDb(
      FeatureExtractor.Features ref,
      FeatureExtractor.Features[] byPhase,
      int[] frames,
      int offset,
      int hop,
      int width) {
    // Reference frame t ends at sample hop * (t + 1); the recording's frame that ends at that
    // sample plus offset is frame t + floorDiv(offset, hop) of the features taken from phase
    // floorMod(offset, hop).
    FeatureExtractor.Features rec = byPhase[Math.floorMod(offset, hop) / STEP_SAMPLES];
    int shift = Math.floorDiv(offset, hop);
    if (frames[0] + shift < 0 || frames[frames.length - 1] + shift >= rec.frames()) {
      return Double.MAX_VALUE;
    }
    double[] a = new double[width];
    double[] b = new double[width];
    double sum = 0;
    for (int t : frames) {
      for (int m = 0; m < width; m++) {
        a[m] = ref.melCepstra()[t * width + m];
        b[m] = rec.melCepstra()[(t + shift) * width + m];
      }
      sum += Signals.melCepstralDistortionDb(a, b);
    }
    return sum / frames.length;
  }

  private static boolean[] speechFrames(FeatureExtractor.Features f, int width) {
    double[] c0 = new double[f.frames()];
    for (int t = 0; t < c0.length; t++) {
      c0[t] = f.melCepstra()[t * width];
    }
    double[] sorted = c0.clone();
    Arrays.sort(sorted);
    double floor = sorted[(int) (0.99 * (sorted.length - 1))] - 4;
    boolean[] speech = new boolean[c0.length];
    for (int t = 0; t < c0.length; t++) {
      speech[t] = c0[t] > floor;
    }
    return speech;
  }

  private static int[] selected(boolean[] flags, int from, int to) {
    int[] picked = new int[to - from];
    int n = 0;
    for (int t = from; t < to; t++) {
      if (flags[t]) {
        picked[n++] = t;
      }
    }
    return Arrays.copyOf(picked, n);
  }
}
