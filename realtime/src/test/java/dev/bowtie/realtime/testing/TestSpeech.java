package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
    return cached(
        "flite-" + voice,
        text,
        out -> new String[] {"flite", "-voice", voice, "-t", text, "-o", out});
  }

  /**
   * A wav of {@code text} spoken by espeak-ng's {@code voice} (e.g. en-us+m3), at espeak-ng's rate
   * (22050 Hz).
   */
  public static Path espeakWav(String voice, String text) throws IOException, InterruptedException {
    return cached(
        "espeak-" + voice.replace('+', '_'),
        text,
        out -> new String[] {"espeak-ng", "-v", voice, "-w", out, text});
  }

  private static Path cached(String stem, String text, Function<String, String[]> command)
      throws IOException, InterruptedException {
    Path wav = cacheDir().resolve(stem + "-" + Integer.toHexString(text.hashCode()) + ".wav");
    if (!Files.exists(wav)) {
      Path tmp = Files.createTempFile(cacheDir(), stem, ".wav");
      exec(command.apply(tmp.toString()));
      Files.move(tmp, wav, StandardCopyOption.ATOMIC_MOVE);
    }
    return wav;
  }

  /** Samples of {@code wav} at {@code rateHz}, mono, as sox decodes them. */
  public static double[] samples(Path wav, int rateHz) throws IOException, InterruptedException {
    return soxSamples(rateHz, wav.toString());
  }

  /**
   * Samples of a raw recording (16-bit little-endian mono at {@code recordedRateHz}, as parec
   * writes it) at {@code rateHz}, as sox resamples them.
   */
  public static double[] rawS16Samples(Path raw, int recordedRateHz, int rateHz)
      throws IOException, InterruptedException {
    return soxSamples(
        rateHz,
        "-t",
        "raw",
        "-r",
        Integer.toString(recordedRateHz),
        "-e",
        "signed-integer",
        "-b",
        "16",
        "-L",
        "-c",
        "1",
        raw.toString());
  }

  private static double[] soxSamples(int rateHz, String... input)
      throws IOException, InterruptedException {
    Path raw = Files.createTempFile(cacheDir(), "speech", ".f32");
    try {
      List<String> command = new ArrayList<>(List.of("sox"));
      command.addAll(List.of(input));
      command.addAll(
          List.of(
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
              raw.toString()));
      exec(command.toArray(String[]::new));
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
