package dev.bowtie.plugin.latency;

import java.util.List;

/**
 * What a latency run measured in one mode (pass-through or a voice) over all its segments.
 * Immutable.
 *
 * @param mode {@link LatencyRun#PASS_THROUGH} or a voice name
 * @param probesSent clicks played
 * @param roundTripsMillis the round trip of each click that came back, in ms on the capture clock
 * @param sentSeconds when each of those clicks was sent, in seconds from the first probe of the run
 *     on the capture clock; one per round trip, in the same order
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
    List<Double> sentSeconds,
    List<Double> envelopeLagsMillis,
    double algorithmicLatencyMillis,
    long xruns,
    List<Double> driftPpmAtEnd) {

  /** Copies the lists. */
  public ModeResult {
    if (sentSeconds.size() != roundTripsMillis.size()) {
      throw new IllegalArgumentException(
          sentSeconds.size() + " send times for " + roundTripsMillis.size() + " round trips");
    }
    roundTripsMillis = List.copyOf(roundTripsMillis);
    sentSeconds = List.copyOf(sentSeconds);
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

  /**
   * @return true for the mode that plays the input unchanged
   */
  public boolean isPassThrough() {
    return mode.equals(LatencyRun.PASS_THROUGH);
  }

  /**
   * The latency this mode adds: its median round trip minus pass-through's, both on one clock.
   *
   * @param modes all modes of the run
   * @return the difference in ms, or NaN for pass-through itself or where either has no round trip
   */
  public double addedMillis(List<ModeResult> modes) {
    Spread own = roundTrip();
    if (isPassThrough() || own == null) {
      return Double.NaN;
    }
    for (ModeResult m : modes) {
      if (m.isPassThrough() && m.roundTrip() != null) {
        return own.median() - m.roundTrip().median();
      }
    }
    return Double.NaN;
  }
}
