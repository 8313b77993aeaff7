package dev.bowtie.plugin.pulse;

/**
 * A module loaded in the sound server.
 *
 * @param index the server's index, what {@link PulseClient#unloadModule} takes
 * @param name e.g. {@code module-null-sink}
 * @param argument the argument it was loaded with, empty when none
 */
public record PulseModule(int index, String name, String argument) {}
