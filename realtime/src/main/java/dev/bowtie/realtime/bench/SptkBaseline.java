package dev.bowtie.realtime.bench;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The baseline of the classic command-line tools: SPTK 3.9's analysis and synthesis (pitch, frame,
 * window, mcep, excite, mlsadf) over the same speech at the model rate, timed as a whole, start-up
 * of the processes included. It is a baseline of cost, not per stage: the result is the mean time
 * per hop of audio. SPTK's commands are found in {@code $SPTK_BIN} or Debian's {@code
 * /usr/libexec/sptk/bin}.
 */
public final class SptkBaseline {
  /**
   * What the SPTK run gave.
   *
   * @param skipped why it did not run, or null when it ran
   * @param pipeline the shell pipeline
   * @param hops hops of audio it processed
   * @param wallNanos how long it took
   */
  public record Result(String skipped, String pipeline, long hops, long wallNanos) {
    /** Mean wall time per hop of audio. */
    public double meanNanosPerHop() {
      return (double) wallNanos / hops;
    }
  }

  private SptkBaseline() {}

  /** The folder of SPTK's commands. */
  static Path bin() {
    String env = System.getenv("SPTK_BIN");
    return Path.of(env != null && !env.isEmpty() ? env : "/usr/libexec/sptk/bin");
  }

  /** The pipeline for the engine's default settings (16 kHz, 5 ms hop, order 24, alpha 0.42). */
  static final String PIPELINE =
      "sopr -m 32768 < in.f32 | pitch -a 0 -s 16 -p 80 -L 60 -H 500 > in.pitch"
          + " && frame -l 400 -p 80 < in.f32 | window -l 400 -L 512"
          + " | mcep -a 0.42 -m 24 -l 512 -e 1e-8 > in.mcep"
          + " && excite -p 80 in.pitch | mlsadf -m 24 -a 0.42 -p 80 -P 5 in.mcep > out.f32";

  /**
   * Runs the pipeline once over {@code speech}.
   *
   * @param speech mono samples at 16 kHz in [-1, 1]
   * @param hopSamples samples per hop (80)
   * @return the time, or a result saying why it was skipped (SPTK not installed, or it failed)
   */
  public static Result run(float[] speech, int hopSamples) {
    if (!Files.isExecutable(bin().resolve("mcep"))) {
      return new Result(
          "SPTK is not installed (no mcep in " + bin() + "; apt-get install sptk, or set SPTK_BIN)",
          PIPELINE,
          0,
          0);
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("bowtie-bench-sptk");
      ByteBuffer b = ByteBuffer.allocate(speech.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : speech) {
        b.putFloat(v);
      }
      Files.write(dir.resolve("in.f32"), b.array());
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", "set -e; " + PIPELINE);
      pb.directory(dir.toFile());
      pb.environment().put("PATH", bin() + File.pathSeparator + System.getenv("PATH"));
      pb.redirectErrorStream(true);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      long start = System.nanoTime();
      Process p = pb.start();
      String said = new String(p.getInputStream().readAllBytes()).strip();
      int code = p.waitFor();
      long wall = System.nanoTime() - start;
      if (code != 0) {
        String first = said.isEmpty() ? "exit code " + code : said.lines().findFirst().get();
        return new Result("SPTK failed: " + first, PIPELINE, 0, 0);
      }
      return new Result(null, PIPELINE, speech.length / hopSamples, wall);
    } catch (IOException e) {
      return new Result("SPTK could not run: " + e.getMessage(), PIPELINE, 0, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result("SPTK was interrupted", PIPELINE, 0, 0);
    } finally {
      if (dir != null) {
        removeQuietly(dir);
      }
    }
  }

  private static void removeQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // A temporary folder left behind is harmless.
    }
  }
}
