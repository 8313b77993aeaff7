package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs SPTK 3.9 commands (Debian package {@code sptk}, in {@code /usr/libexec/sptk/bin} or {@code
 * $SPTK_BIN}) on float32 files: the reference the DSP tests compare against.
 */
public final class Sptk {
  private Sptk() {}

  /** Folder holding SPTK's commands. */
  public static Path bin() {
    String env = System.getenv("SPTK_BIN");
    return Path.of(env != null ? env : "/usr/libexec/sptk/bin");
  }

  /** True when SPTK's commands are installed. */
  public static boolean available() {
    return Files.isExecutable(bin().resolve("mcep"));
  }

  /**
   * Runs an SPTK pipeline through {@code sh -c}, with SPTK's folder first on PATH.
   *
   * @param pipeline shell pipeline, e.g. {@code "frame -l 400 -p 80 < in.f32 > out.f32"}
   * @param dir working folder
   */
  public static void run(String pipeline, Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "set -e; " + pipeline);
    pb.directory(dir.toFile());
    pb.environment().put("PATH", bin() + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("SPTK pipeline failed: " + pipeline + "\n" + out);
    }
  }

  /** Writes float32 little-endian samples. */
  public static void writeFloats(Path file, double[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putFloat((float) v);
    }
    Files.write(file, b.array());
  }

  /** Reads float32 little-endian samples. */
  public static double[] readFloats(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[b.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }

  /** Splits a flat array into rows of {@code width}. */
  public static List<double[]> rows(double[] flat, int width) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i + width <= flat.length; i += width) {
      double[] r = new double[width];
      System.arraycopy(flat, i, r, 0, width);
      rows.add(r);
    }
    return rows;
  }
}
