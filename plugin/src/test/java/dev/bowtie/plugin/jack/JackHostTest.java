package dev.bowtie.plugin.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.IdentityVoice;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bowtie as a JACK client on a private {@code jackd -d dummy} server (a real server with a clock
 * and no sound card): test clients play speech into {@code bowtie:in} and record {@code
 * bowtie:out}. Skipped where jackd is not installed.
 */
@Tag("jack")
class JackHostTest {
  static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  static final int RATE_HZ = 48000;

  @Test
  void shouldPlayTheIdentityVoiceAsTheInputDelayedByItsDeclaredLatency() throws Exception {
    float[] speech =
        Signals.toFloats(
            TestSpeech.samples(TestSpeech.fliteWav("slt", TestSpeech.SENTENCE), RATE_HZ));
    LiveSettings identity =
        new LiveSettings(
            IdentityVoice.NAME,
            new VoiceEngine(S, new IdentityVoice(), SynthesisMode.RESIDUAL),
            false,
            1f);
    try (JackServer server = JackServer.start(RATE_HZ, 256);
        JackTestClients clients = new JackTestClients(speech, speech.length + RATE_HZ / 2);
        JackHost bowtie =
            JackHost.start(
                new JackHost.Settings("bowtie", clients.feedPort(), List.of(clients.recordPort())),
                identity,
                S.sampleRateHz())) {
      assertEquals(RATE_HZ, bowtie.sampleRateHz(), "the rate of server " + server.name);
      float[] recording = clients.playAndRecord(60_000);
      int latency = bowtie.latencyFrames();
      double atLatency = Recording.correlation(speech, recording, latency);
      int lag = Recording.bestLag(speech, recording, RATE_HZ / 10, RATE_HZ);
      System.out.printf(
          "JACK identity: latency %d frames, best lag %d, correlation %.5f, %d xruns%n",
          latency, lag, atLatency, bowtie.xruns());
      assertEquals(latency, lag, "the recording's delay is the declared latency");
      assertTrue(atLatency > 0.99, "the input comes back: correlation " + atLatency);
      assertNull(bowtie.failure());
      assertEquals(0, bowtie.counters().voiceFaults.get());
      assertTrue(bowtie.counters().processedHops.get() >= speech.length / 3 / S.hopSamples());
    }
  }

  @Test
  void shouldSayInOneLineThatNoServerIsRunning() {
    JackServer.assumeInstalled();
    JackServer.useServer(JackServer.uniqueName());
    JackHostException e =
        assertThrows(
            JackHostException.class,
            () ->
                JackHost.start(
                    JackHost.Settings.unconnected(),
                    new LiveSettings(
                        "identity",
                        new VoiceEngine(S, new IdentityVoice(), SynthesisMode.RESIDUAL),
                        false,
                        1f),
                    S.sampleRateHz()));
    String message = e.getMessage();
    assertTrue(message.startsWith("no JACK server is running"), message);
    assertTrue(message.contains("jackd -d alsa"), message);
    assertFalse(message.contains("\n") || message.contains("Exception"), message);
  }

  @Test
  void shouldNameThePortItCannotConnect() throws Exception {
    try (JackServer server = JackServer.start(RATE_HZ, 256)) {
      JackHostException e =
          assertThrows(
              JackHostException.class,
              () ->
                  JackHost.start(
                      new JackHost.Settings("bowtie", "nobody:capture_9", List.of()),
                      new LiveSettings(
                          "identity",
                          new VoiceEngine(S, new IdentityVoice(), SynthesisMode.RESIDUAL),
                          false,
                          1f),
                      S.sampleRateHz()));
      assertEquals(
          "cannot connect JACK port 'nobody:capture_9' to 'bowtie:in': no such port, or not an"
              + " output to an input; list the ports with: jack_lsp -p",
          e.getMessage());
      // Nothing is left behind: the name is free again on the same server.
      assertTrue(server.name.startsWith("bowtie-test-"));
      JackHost.start(
              JackHost.Settings.unconnected(),
              new LiveSettings(
                  "identity",
                  new VoiceEngine(S, new IdentityVoice(), SynthesisMode.RESIDUAL),
                  false,
                  1f),
              S.sampleRateHz())
          .close();
    }
  }
}
