package dev.bowtie.plugin.latency;

import java.util.List;

/**
 * What a latency run measured in one mode (pass-through or a voice) over all its segments.
 * Immutable.
 *
 * @param mode {@link LatencyRun#PASS_THROUGH} or a voice name
 * @param probesSent clicks played
 * @param roundTripsMillis the round trip of each click that came back, in ms on the capture clock
 * @param envelopeLagsMillis per segment, the lag of the returned speech's spectral envelope behind
 *     the sent speech's beyond the click round trip (NaN where it could not be measured)
 * @param algorithmicLatencyMillis the delay the session declares for this mode
 * @param xruns underruns and overruns while this mode's probes were out
 * @param driftPpmAtEnd per segment, the session's playback rate correction at its end
 */
public record ModeResult(
    String mode,
    int probesSent,
    List<Double> roundTripsMillis,
    List<Double> envelopeLagsMillis,
    double algorithmicLatencyMillis,
    long xruns,
    List<Double> driftPpmAtEnd) {

  /** Copies the lists. */
  public ModeResult {
    roundTripsMillis = List.copyOf(roundTripsMillis);
    envelopeLagsMillis = List.copyOf(envelopeLagsMillis);
    driftPpmAtEnd = List.copyOf(driftPpmAtEnd);
  }

  /**
   * @return the spread of the round trips, or null when no click came back
   */
  public Spread roundTrip() {
    return Spread.of(roundTripsMillis);
  }

  /**
   * @return the median envelope lag over the segments where it was measured, or NaN
   */
  public double envelopeLagMillis() {
    return Spread.median(envelopeLagsMillis.stream().filter(Double::isFinite).toList());
  }

  /**
   * @return the median drift correction at the ends of this mode's segments, or NaN
   */
  public double driftPpm() {
    return Spread.median(driftPpmAtEnd.stream().filter(Double::isFinite).toList());
  }
}
