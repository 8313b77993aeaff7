package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.CaptureLine;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.LineFormat;
import dev.bowtie.realtime.device.PlaybackLine;
import dev.bowtie.realtime.testing.Allocations;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pulse backend's lines keep PulseStream's promise: after open, a capture line's read and a
 * playback line's write allocate nothing, counted per thread ({@link Allocations}).
 */
@Tag("allocation")
@Tag("sound-server")
class PulseBackendAllocationTest {
  private static final int BLOCK = 240;

  @Test
  void readAndWriteOfTheBackendsLinesAllocateNothingAfterWarmUp() throws Exception {
    TestServers.shared();
    PulseBackend backend = new PulseBackend();
    LineFormat format = new LineFormat(48000, BLOCK, 20);
    AudioDevice sink = backend.find(DeviceKind.PLAYBACK, "vc_in");
    AudioDevice source = backend.find(DeviceKind.CAPTURE, "vc_mic");
    try (PlaybackLine out = backend.openPlayback(sink, format);
        CaptureLine in = backend.openCapture(source, format)) {
      out.start();
      in.start();
      float[] block = new float[BLOCK];
      Tone.fill(block, 0, 1000, 0.25f);
      long[] rounds = new long[4];
      for (int round = 0; round < rounds.length; round++) {
        long before = Allocations.allocatedByThisThread();
        for (int i = 0; i < 100; i++) {
          assertTrue(out.write(block, BLOCK));
          assertTrue(in.read(block, BLOCK));
        }
        rounds[round] = Allocations.allocatedByThisThread() - before;
      }
      System.out.println("bytes per 100 writes and reads, by round: " + Arrays.toString(rounds));
      assertEquals(0, rounds[2], "round 3");
      assertEquals(0, rounds[3], "round 4");
    }
  }
}
