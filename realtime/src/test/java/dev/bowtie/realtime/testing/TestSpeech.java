package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Speech for tests, spoken by the TTS voices Debian packages (flite, espeak-ng) and cached under
 * {@code target/test-speech}. Samples come back at 16 kHz mono in [-1, 1], converted by sox so that
 * the tests do not depend on Bowtie's own file reader.
 */
public final class TestSpeech {
  /** A sentence with voiced and unvoiced sounds, rising and falling pitch. */
  public static final String SENTENCE =
      "Bowtie changes your voice while you speak. Is that not a remarkable thing to hear?";

  private TestSpeech() {}

  /** Cache folder for generated speech. */
  public static Path cacheDir() throws IOException {
    Path dir = Path.of("target", "test-speech");
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * A wav of {@code text} spoken by flite's {@code voice} (e.g. slt, kal16, awb, rms), at the
   * voice's own rate.
   */
  public static Path fliteWav(String voice, String text) throws IOException, InterruptedException {
    Path wav =
        cacheDir().resolve("flite-" + voice + "-" + Integer.toHexString(text.hashCode()) + ".wav");
    if (!Files.exists(wav)) {
      Path tmp = Files.createTempFile(cacheDir(), "flite", ".wav");
      exec("flite", "-voice", voice, "-t", text, "-o", tmp.toString());
      Files.move(tmp, wav, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return wav;
  }

  /** Samples of {@code wav} at {@code rateHz}, mono, as sox decodes them. */
  public static double[] samples(Path wav, int rateHz) throws IOException, InterruptedException {
    Path raw = Files.createTempFile(cacheDir(), "speech", ".f32");
    try {
      exec(
          "sox",
          wav.toString(),
          "-r",
          Integer.toString(rateHz),
          "-c",
          "1",
          "-t",
          "raw",
          "-e",
          "floating-point",
          "-b",
          "32",
          "-L",
          raw.toString());
      return Sptk.readFloats(raw);
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  /** flite's slt saying {@link #SENTENCE}, at 16 kHz. */
  public static double[] sltSentence() throws IOException, InterruptedException {
    return samples(fliteWav("slt", SENTENCE), 16000);
  }

  static void exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
