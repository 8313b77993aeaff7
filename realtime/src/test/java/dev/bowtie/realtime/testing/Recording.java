package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and compares recordings made with {@code parec}: alignment, speech span and dropouts. */
public final class Recording {
  private Recording() {}

  /** Samples of a raw 16-bit little-endian mono file, in [-1, 1]. */
  public static float[] readS16(Path raw) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    float[] x = new float[b.remaining() / 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = b.getShort() / 32768f;
    }
    return x;
  }

  /** Index of the first sample whose magnitude reaches {@code threshold}, or -1. */
  public static int firstAbove(float[] x, float threshold) {
    for (int i = 0; i < x.length; i++) {
      if (Math.abs(x[i]) >= threshold) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the last sample whose magnitude reaches {@code threshold}, or -1. */
  public static int lastAbove(float[] x, float threshold) {
    for (int i = x.length - 1; i >= 0; i--) {
      if (Math.abs(x[i]) >= threshold) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The lag (in samples) at which {@code y} best matches {@code x}, searched between 0 and {@code
   * maxLag}: first on 1 ms energy envelopes, then sample by sample around the best envelope lag.
   */
  public static int bestLag(float[] x, float[] y, int maxLag, int rateHz) {
    int block = rateHz / 1000;
    double[] ex = envelope(x, block);
    double[] ey = envelope(y, block);
    int bestBlock = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int lag = 0; lag <= maxLag / block; lag++) {
      double sum = 0;
      for (int i = 0; i < ex.length && i + lag < ey.length; i++) {
        sum += ex[i] * ey[i + lag];
      }
      if (sum > best) {
        best = sum;
        bestBlock = lag;
      }
    }
    int bestLag = bestBlock * block;
    double bestFine = Double.NEGATIVE_INFINITY;
    for (int lag = Math.max(0, bestBlock * block - 2 * block);
        lag <= bestBlock * block + 2 * block;
        lag++) {
      double c = correlation(x, y, lag);
      if (c > bestFine) {
        bestFine = c;
        bestLag = lag;
      }
    }
    return bestLag;
  }

  /** Normalised correlation of {@code x} with {@code y} shifted left by {@code lag}. */
  public static double correlation(float[] x, float[] y, int lag) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < x.length && i + lag < y.length; i++) {
      double a = x[i];
      double b = y[i + lag];
      xy += a * b;
      xx += a * a;
      yy += b * b;
    }
    return xy / Math.sqrt(xx * yy + 1e-30);
  }

  /**
   * Waveform correlation that tolerates the live loop's drift correction (which reads up to 1000
   * ppm faster or slower, so a recording slides against its source by up to a millisecond a
   * second): the speech from {@code from} to {@code to} is cut into segments, each is correlated at
   * its own best lag within {@code search} samples of the previous segment's (the first: of {@code
   * lag}), and the results are averaged, weighted by the segment's energy. A jump of the lag by
   * more than {@code search} (a lost or inserted hop) still costs the segments after it.
   */
  public static double segmentCorrelation(
      float[] x, float[] y, int lag, int segment, int search, int from, int to) {
    double weighted = 0;
    double weights = 0;
    int around = lag;
    for (int start = from; start + segment <= to; start += segment) {
      double energy = 0;
      for (int i = start; i < start + segment; i++) {
        energy += x[i] * x[i];
      }
      if (energy == 0) {
        continue;
      }
      double best = -1;
      int bestLag = around;
      for (int l = Math.max(-start, around - search); l <= around + search; l++) {
        double xy = 0;
        double yy = 0;
        for (int i = start; i < start + segment && i + l < y.length; i++) {
          xy += x[i] * y[i + l];
          yy += (double) y[i + l] * y[i + l];
        }
        double r = xy / Math.sqrt(energy * yy + 1e-30);
        if (r > best) {
          best = r;
          bestLag = l;
        }
      }
      if (best > 0.5) {
        // A near-silent or noisy segment's best lag is chance: keep following the speech.
        around = bestLag;
      }
      weighted += best * energy;
      weights += energy;
    }
    return weighted / weights;
  }

  /**
   * The longest run of near-silence in {@code y} (aligned to {@code x} by {@code lag}) during which
   * {@code x} is not silent: a dropout the listener would hear inside speech.
   *
   * @return the run's length in samples
   */
  public static int longestDropout(float[] x, float[] y, int lag, float silence, int from, int to) {
    int longest = 0;
    int run = 0;
    boolean inputActive = false;
    for (int i = from; i < to && i + lag < y.length; i++) {
      if (Math.abs(y[i + lag]) < silence) {
        run++;
        inputActive |= Math.abs(x[i]) > 10 * silence;
      } else {
        if (inputActive) {
          longest = Math.max(longest, run);
        }
        run = 0;
        inputActive = false;
      }
    }
    return inputActive ? Math.max(longest, run) : longest;
  }

  private static double[] envelope(float[] x, int block) {
    double[] e = new double[x.length / block];
    for (int b = 0; b < e.length; b++) {
      double s = 0;
      for (int i = b * block; i < (b + 1) * block; i++) {
        s += x[i] * x[i];
      }
      e[b] = Math.sqrt(s / block);
    }
    return e;
  }
}
