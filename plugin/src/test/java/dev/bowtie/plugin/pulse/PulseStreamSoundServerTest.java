package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.PrivatePulse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PulseStream playback and capture on the running test server. */
@Tag("sound-server")
class PulseStreamSoundServerTest {
  private static final int BLOCK = 480;

  private static PulseStream open(
      String server, PulseStream.Direction direction, String device, PulseStream.SampleFormat f)
      throws PulseException {
    return new PulseStream(
        PulseNative.loadSimple(),
        direction,
        new PulseStream.Settings(server, device, Tone.RATE, f, 20, BLOCK));
  }

  @Test
  void aTonePlayedIntoTheVirtualMicrophoneComesOutOfItsSource(@TempDir Path dir) throws Exception {
    String server = TestServers.shared();
    Path raw = dir.resolve("parec.raw");
    try (PulseClient client = new PulseClient(PulseNative.loadLibrary(), "Bowtie test", server);
        VirtualMicrophone mic = VirtualMicrophone.create(client, "Bowtie Tone Test", Tone.RATE)) {
      Process parec =
          new ProcessBuilder(
                  "parec",
                  "--server=" + server,
                  "-d",
                  mic.sourceName(),
                  "--format=s16le",
                  "--rate=48000",
                  "--channels=1",
                  "--raw",
                  "--latency-msec=10")
              .redirectOutput(raw.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      float[] captured = new float[3 * Tone.RATE];
      CompletableFuture<String> capture =
          CompletableFuture.supplyAsync(
              () -> {
                try (PulseStream in =
                    open(
                        server,
                        PulseStream.Direction.CAPTURE,
                        mic.sourceName(),
                        PulseStream.SampleFormat.FLOAT)) {
                  float[] block = new float[BLOCK];
                  for (int at = 0; at < captured.length; at += BLOCK) {
                    if (!in.read(block, BLOCK)) {
                      return in.failure();
                    }
                    System.arraycopy(block, 0, captured, at, BLOCK);
                  }
                  return null;
                } catch (PulseException e) {
                  return e.getMessage();
                }
              });
      try {
        Thread.sleep(300);
        try (PulseStream out =
            open(
                server,
                PulseStream.Direction.PLAYBACK,
                mic.sinkName(),
                PulseStream.SampleFormat.S16)) {
          float[] block = new float[BLOCK];
          for (long at = 0; at < 3 * Tone.RATE / 2; at += BLOCK) {
            Tone.fill(block, at, 1000, 0.5f);
            assertTrue(out.write(block, BLOCK), out.failure());
          }
          assertTrue(out.latencyMicros() >= 0);
          assertTrue(out.drain(), out.failure());
        }
        assertEquals(null, capture.get(10, TimeUnit.SECONDS));
        Thread.sleep(300);
      } finally {
        parec.destroy();
        parec.waitFor(5, TimeUnit.SECONDS);
      }
      for (float[] recording : new float[][] {Tone.readS16(raw), captured}) {
        float[] tone = Tone.steadyPart(recording, 1.0);
        System.out.printf(
            "tone through the virtual microphone: RMS %.4f, %.2f Hz%n",
            Tone.rms(tone), Tone.frequency(tone));
        // 0.5 amplitude sine: RMS 0.3536; 16-bit rounding and unity volumes keep it within 1 %.
        assertEquals(0.5 / Math.sqrt(2), Tone.rms(tone), 0.0035);
        assertEquals(1000, Tone.frequency(tone), 1.0);
      }
    }
  }

  @Test
  void aDeviceTheServerDoesNotHaveIsOneLineNamingIt() throws Exception {
    String server = TestServers.shared();
    PulseException playback =
        assertThrows(
            PulseException.class,
            () ->
                open(
                    server,
                    PulseStream.Direction.PLAYBACK,
                    "vc_nope",
                    PulseStream.SampleFormat.S16));
    assertTrue(
        playback.getMessage().startsWith("the sound server has no sink named \"vc_nope\" ("),
        playback.getMessage());
    assertTrue(playback.getMessage().endsWith("): pick a name from the device list"));
    PulseException capture =
        assertThrows(
            PulseException.class,
            () ->
                open(
                    server,
                    PulseStream.Direction.CAPTURE,
                    "vc_nope",
                    PulseStream.SampleFormat.FLOAT));
    assertTrue(
        capture.getMessage().startsWith("the sound server has no source named \"vc_nope\" ("),
        capture.getMessage());
  }

  @Test
  void aServerThatDiesMidStreamMakesWriteAndReadReturnFalseWithOneLine() throws Exception {
    TestServers.shared();
    try (PrivatePulse scratch = PrivatePulse.start();
        PulseStream out =
            open(
                scratch.server(),
                PulseStream.Direction.PLAYBACK,
                "vc_out",
                PulseStream.SampleFormat.S16);
        PulseStream in =
            open(
                scratch.server(),
                PulseStream.Direction.CAPTURE,
                "vc_mic",
                PulseStream.SampleFormat.S16)) {
      float[] block = new float[BLOCK];
      for (int i = 0; i < 10; i++) {
        assertTrue(out.write(block, BLOCK), out.failure());
        assertTrue(in.read(block, BLOCK), in.failure());
      }
      scratch.crash();
      int writes = 0;
      while (out.write(block, BLOCK) && writes < 1000) {
        writes++;
      }
      assertFalse(out.write(block, BLOCK));
      assertTrue(
          out.failure().startsWith("the stream for sound device \"vc_out\" failed while playing ("),
          out.failure());
      assertFalse(in.read(block, BLOCK));
      assertTrue(
          in.failure().startsWith("the stream for sound device \"vc_mic\" failed while recording"),
          in.failure());
      assertEquals(-1, out.latencyMicros());
    }
  }

  @Test
  void samplesOutOfRangeAreClampedAndNotANumberIsSilence() throws Exception {
    String server = TestServers.shared();
    try (PulseStream out =
            open(server, PulseStream.Direction.PLAYBACK, "vc_in", PulseStream.SampleFormat.FLOAT);
        PulseStream in =
            open(server, PulseStream.Direction.CAPTURE, "vc_mic", PulseStream.SampleFormat.FLOAT)) {
      float[] block = new float[BLOCK];
      float max = 0;
      boolean finite = true;
      for (int i = 0; i < 200; i++) {
        for (int s = 0; s < BLOCK; s++) {
          block[s] = s % 3 == 0 ? Float.NaN : (s % 3 == 1 ? 4f : -4f);
        }
        assertTrue(out.write(block, BLOCK), out.failure());
        assertTrue(in.read(block, BLOCK), in.failure());
        for (float v : block) {
          finite &= Float.isFinite(v);
          max = Math.max(max, Math.abs(v));
        }
      }
      assertTrue(finite);
      assertTrue(max > 0.9f && max <= 1f, "loudest sample " + max);
    }
  }
}
