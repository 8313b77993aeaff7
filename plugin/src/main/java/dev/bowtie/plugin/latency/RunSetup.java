package dev.bowtie.plugin.latency;

import java.util.List;

/**
 * How a latency run was set up, for its report and table. Immutable.
 *
 * @param command the command line as given, e.g. {@code bowtie bench latency --seconds 6}
 * @param backend the audio backend's id
 * @param input the capture device's name
 * @param inputRateHz its rate
 * @param output the playback device's name
 * @param outputRateHz its rate
 * @param bufferMillis the device buffer per line
 * @param synthesis the voices' synthesis mode
 * @param voices the voices measured, in order
 * @param seconds the probe time asked for
 * @param rounds how many times every mode was played
 * @param realtimePriority the audio threads' SCHED_RR priority, 0 for none
 */
public record RunSetup(
    String command,
    String backend,
    String input,
    int inputRateHz,
    String output,
    int outputRateHz,
    int bufferMillis,
    String synthesis,
    List<String> voices,
    double seconds,
    int rounds,
    int realtimePriority) {
  /** Copies the voices. */
  public RunSetup {
    voices = List.copyOf(voices);
  }
}
