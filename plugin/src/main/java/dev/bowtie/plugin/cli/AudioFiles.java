package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.OutputFile;
import dev.bowtie.realtime.audio.WavInput;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reading and writing the user's audio files from the commands, with their errors as {@link
 * UserError}s.
 */
final class AudioFiles {
  /** Classpath location of the sample that {@code convert} uses when given no input. */
  static final String SAMPLE_RESOURCE = "/bowtie/samples/sample.wav";

  private AudioFiles() {}

  /** Reads a wav, or fails with one line naming the file and the problem. */
  static DecodedAudio read(Path file) {
    try {
      return WavReader.read(file);
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** Opens a wav (or a pipe carrying one) to stream it, or fails with one line. */
  static WavInput open(Path file) {
    try {
      return WavReader.open(file);
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** Opens an output (see {@link OutputFile}), or fails with one line naming it. */
  static OutputFile create(Path file, OutputFile.Existing existing, Path... inputs) {
    try {
      return OutputFile.open(file, existing, inputs);
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** The bundled sample, copied to a temporary file that is deleted when the JVM exits. */
  static Path bundledSample() {
    try (InputStream in = AudioFiles.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new UserError("the bundled sample is missing from this build; give an input file");
      }
      Path copy = Files.createTempFile("bowtie-sample", ".wav");
      copy.toFile().deleteOnExit();
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (IOException e) {
      throw new UserError("cannot unpack the bundled sample: " + e.getMessage(), e);
    }
  }

  /** Mono samples of {@code audio} at {@code rateHz}. */
  static float[] monoAt(DecodedAudio audio, int rateHz) {
    return PolyphaseResampler.resample(audio.downmixToMono(), audio.sampleRateHz(), rateHz);
  }
}
