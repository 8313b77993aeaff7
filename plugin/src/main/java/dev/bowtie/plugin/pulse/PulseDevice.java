package dev.bowtie.plugin.pulse;

/**
 * A source or sink as the sound server lists it.
 *
 * @param name the server's name for it, what {@code --input/--output} and {@link PulseStream} take
 * @param index the server's index
 * @param description the human name that programs show
 * @param sampleRate native rate in Hz
 * @param channels native channel count
 * @param monitor true for a sink's monitor source (always false for sinks)
 * @param ownerModule index of the module that made it, or -1
 */
public record PulseDevice(
    String name,
    int index,
    String description,
    int sampleRate,
    int channels,
    boolean monitor,
    int ownerModule) {}
