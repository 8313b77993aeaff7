package dev.bowtie.plugin.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class BowtieVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = BowtieVersion.class.getPackage().getImplementationVersion();
    return new String[] {"bowtie " + (v == null ? "development" : v)};
  }
}
