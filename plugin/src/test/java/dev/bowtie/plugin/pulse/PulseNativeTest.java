package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading the real libpulse, and what a missing library or server tells the user. */
class PulseNativeTest {
  @Test
  void aMissingClientLibraryIsOneLineSayingWhatToInstall() {
    PulseException e =
        assertThrows(PulseException.class, () -> PulseNative.load("libpulse-missing.so.0"));
    assertEquals(
        "the PulseAudio client library libpulse-missing.so.0 is not installed:"
            + " install it (Debian: apt-get install libpulse0)",
        e.getMessage());
  }

  @Test
  void noServerAtTheAddressIsOneLineNamingIt() throws Exception {
    String address = "unix:/nonexistent/bowtie-test/native";
    PulseException e =
        assertThrows(
            PulseException.class,
            () -> new PulseClient(PulseNative.loadLibrary(), "Bowtie test", address));
    assertTrue(
        e.getMessage().startsWith("no sound server answers at " + address + " ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("or point PULSE_SERVER at a running one"), e.getMessage());
  }

  @Test
  void aStreamWithNoServerIsOneLineNamingTheDevice() throws Exception {
    PulseStream.Settings settings =
        new PulseStream.Settings(
            "unix:/nonexistent/bowtie-test/native",
            "vc_out",
            48000,
            PulseStream.SampleFormat.S16,
            20,
            480);
    PulseException e =
        assertThrows(
            PulseException.class,
            () ->
                new PulseStream(
                    PulseNative.loadSimple(), PulseStream.Direction.PLAYBACK, settings));
    assertTrue(
        List.of(e.getMessage().split("\n")).size() == 1
            && e.getMessage().startsWith("no sound server answers for \"vc_out\" ("),
        e.getMessage());
  }
}
