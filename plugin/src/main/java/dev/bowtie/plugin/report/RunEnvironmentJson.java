package dev.bowtie.plugin.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The parts of every report's JSON that say where it ran, from a {@link RunEnvironment}: {@code
 * bowtie} (version, commit), {@code machine} (cpu, cores, os) and {@code jvm} (version,
 * collectors). Stateless; any thread.
 */
final class RunEnvironmentJson {
  private RunEnvironmentJson() {}

  /** Adds {@code bowtie}, {@code machine} and {@code jvm} to {@code root}. */
  static void addTo(JsonObject root, RunEnvironment env) {
    JsonObject bowtie = new JsonObject();
    bowtie.addProperty("version", env.bowtieVersion());
    bowtie.addProperty("commit", env.bowtieCommit());
    root.add("bowtie", bowtie);
    JsonObject machine = new JsonObject();
    machine.addProperty("cpu", env.cpu());
    machine.addProperty("cores", env.cores());
    machine.addProperty("os", env.os());
    root.add("machine", machine);
    JsonObject jvm = new JsonObject();
    jvm.addProperty("version", env.jvm());
    JsonArray gcs = new JsonArray();
    env.collectors().forEach(gcs::add);
    jvm.add("collectors", gcs);
    root.add("jvm", jvm);
  }
}
