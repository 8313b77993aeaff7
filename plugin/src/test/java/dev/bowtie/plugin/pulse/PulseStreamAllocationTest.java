package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Allocations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PulseStream's write and read allocate nothing after open, in both sample formats, counted per
 * thread ({@link Allocations}). Runs without escape analysis (see the pom) so no allocation hides.
 */
@Tag("allocation")
@Tag("sound-server")
class PulseStreamAllocationTest {
  private static final int BLOCK = 480;

  @Test
  void writeAndReadAllocateNothingAfterWarmUp() throws Exception {
    String server = TestServers.shared();
    for (PulseStream.SampleFormat format : PulseStream.SampleFormat.values()) {
      try (PulseStream out = open(server, PulseStream.Direction.PLAYBACK, "vc_in", format);
          PulseStream in = open(server, PulseStream.Direction.CAPTURE, "vc_mic", format)) {
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
        System.out.println(
            format
                + " bytes per 100 writes and reads, by round: "
                + java.util.Arrays.toString(rounds));
        // The first round warms up (JNA's first direct calls, the JIT); the rest must be zero.
        assertEquals(0, rounds[2], format + " round 3");
        assertEquals(0, rounds[3], format + " round 4");
      }
    }
  }

  private static PulseStream open(
      String server, PulseStream.Direction direction, String device, PulseStream.SampleFormat f)
      throws PulseException {
    return new PulseStream(
        PulseNative.loadSimple(),
        direction,
        new PulseStream.Settings(server, device, 48000, f, 20, BLOCK));
  }
}
