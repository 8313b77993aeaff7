package dev.bowtie.realtime.bench;

/**
 * One garbage-collection pause during a {@code bench hop} run.
 *
 * @param atSeconds when it started, in seconds since the measured hops began (to the millisecond)
 * @param millis how long it took
 * @param collector the collector, e.g. {@code G1 Young Generation}
 */
public record GcPause(double atSeconds, double millis, String collector) {}
