package dev.bowtie.plugin.latency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The spread of a set of measurements: median, 90th and 99th percentile (nearest rank) and maximum.
 * Immutable.
 *
 * @param median the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest
 */
public record Spread(double median, double p90, double p99, double max) {
  /**
   * @param values finite measurements
   * @return their spread, or null when there are none
   */
  static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new Spread(
        rank(sorted, 0.5), rank(sorted, 0.9), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
  }

  /** The median of finite values, or NaN when there are none. */
  static double median(List<Double> values) {
    Spread s = of(values);
    return s == null ? Double.NaN : s.median();
  }

  private static double rank(List<Double> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
