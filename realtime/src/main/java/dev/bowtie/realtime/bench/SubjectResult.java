package dev.bowtie.realtime.bench;

/**
 * What {@code bench hop} measured of one voice or baseline.
 *
 * @param name the voice or baseline
 * @param kind {@code neural voice}, {@code built-in voice} or {@code baseline}
 * @param times its stages' histograms and the whole hop's time series
 * @param bytesPerHop bytes the measuring thread allocated per measured hop while in this subject
 * @param faults dry frames or hops while measured (model NaN or failure)
 */
public record SubjectResult(
    String name, String kind, StageTimes times, double bytesPerHop, long faults) {}
