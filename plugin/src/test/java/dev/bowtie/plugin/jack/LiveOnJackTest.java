package dev.bowtie.plugin.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.testing.CepstralComparison;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bowtie live --backend jack} as a user runs it: the real bowtie.jar joins a private {@code
 * jackd -d dummy}, connects itself between a test client that plays speech and one that records,
 * and what it plays is what {@code bowtie convert} makes of the same file, delayed by the latency
 * it declares. SIGTERM closes the client; no server, or a server that shuts down, is one line and
 * exit 1.
 */
@Tag("jack")
class LiveOnJackTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int RATE_HZ = 48000;

  /**
   * Residual synthesis keeps the input's own excitation, so the two runs' waveforms can be lined up
   * sample for sample; the vocoder's excitation depends on when the run started.
   */
  private static final String[] RESIDUAL = {"--synthesis", "residual"};

  @Test
  void shouldPlayTheChildVoiceAsConvertDoesDelayedByItsDeclaredLatency() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is built by mvn package");
    Path dir = Files.createDirectories(Path.of("target", "live-jack"));
    Path speechWav = dir.resolve("slt-48k.wav");
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        Integer.toString(RATE_HZ),
        "-c",
        "1",
        "-b",
        "16",
        speechWav.toString());
    Path converted = dir.resolve("slt-48k-child.wav");
    try (BowtieProcess convert =
        BowtieProcess.start(
            Map.of(),
            "convert",
            speechWav.toString(),
            converted.toString(),
            "--voice",
            "child",
            RESIDUAL[0],
            RESIDUAL[1])) {
      assertEquals(0, convert.awaitExit(120_000), "convert: " + convert.err());
    }
    float[] speech = Signals.toFloats(TestSpeech.samples(speechWav, RATE_HZ));
    float[] fromConvert = Signals.toFloats(TestSpeech.samples(converted, RATE_HZ));

    float[] recording;
    int latency;
    try (JackServer server = JackServer.start(RATE_HZ, 256);
        JackTestClients clients = new JackTestClients(speech, speech.length + RATE_HZ / 2);
        BowtieProcess live =
            BowtieProcess.start(
                Map.of("JACK_DEFAULT_SERVER", server.name),
                "live",
                "--backend",
                "jack",
                "--voice",
                "child",
                RESIDUAL[0],
                RESIDUAL[1],
                "--json-status",
                "--input",
                clients.feedPort(),
                "--output",
                clients.recordPort())) {
      assertTrue(live.awaitRunning(60_000), "bowtie live did not start: " + live.err());
      latency = (int) BowtieProcess.field(live.lastStatus(), "latencyFrames");
      recording = clients.playAndRecord(60_000);
      String status = live.awaitNextStatus(5_000);
      live.process.destroy();
      assertEquals(0, live.awaitExit(10_000), "exit code after SIGTERM; " + live.err());
      assertFalse(server.ports().contains("bowtie:in"), "the client is gone: " + server.ports());
      assertEquals(0, BowtieProcess.field(status, "voiceFaults"), status);
      assertEquals(RATE_HZ, BowtieProcess.field(status, "rateHz"), status);
      assertEquals(256, BowtieProcess.field(status, "bufferFrames"), status);
    }

    // Convert's output starts with the input; JACK's is delayed by the declared latency.
    int lag = Recording.bestLag(fromConvert, recording, RATE_HZ / 10, RATE_HZ);
    float[] live16k = at16k(recording, dir.resolve("live.raw"));
    float[] convert16k = Signals.toFloats(TestSpeech.samples(converted, S.sampleRateHz()));
    List<CepstralComparison.Segment> segments =
        CepstralComparison.compare(
            S,
            convert16k,
            live16k,
            (int) Math.round(latency * (double) S.sampleRateHz() / RATE_HZ),
            100,
            S.sampleRateHz() / 50);
    double worst = 0;
    double sum = 0;
    int frames = 0;
    for (CepstralComparison.Segment s : segments) {
      worst = Math.max(worst, s.mcdDb());
      sum += s.mcdDb() * s.speechFrames();
      frames += s.speechFrames();
    }
    double mean = sum / frames;
    double correlation = Recording.correlation(fromConvert, recording, latency);
    System.out.printf(
        "live --backend jack vs convert (child): latency %d frames, best lag %d, correlation at"
            + " the latency %.5f, MCD mean %.3f dB, worst half second %.3f dB%n",
        latency, lag, correlation, mean, worst);
    assertEquals(latency, lag, "the recording's delay is the declared latency");
    assertTrue(correlation > 0.99, "the same waveform as convert's: correlation " + correlation);
    // Measured 0.47 dB mean, 0.63 dB worst: the recording passes through 16 bits, and quiet frames
    // weigh as much as loud ones in the cepstral distance.
    assertTrue(segments.size() >= 4, "speech segments found: " + segments.size());
    assertTrue(mean < 1.0, "mean MCD " + mean + " dB");
    assertTrue(worst < 1.5, "worst segment MCD " + worst + " dB");
  }

  @Test
  void shouldSayInOneLineThatNoServerIsRunning() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is built by mvn package");
    JackServer.assumeInstalled();
    String name = JackServer.uniqueName();
    try (BowtieProcess live =
        BowtieProcess.start(
            Map.of("JACK_DEFAULT_SERVER", name), "live", "--backend", "jack", "--seconds", "1")) {
      assertEquals(1, live.awaitExit(60_000), "exit code; " + live.err());
      assertEquals(
          List.of(
              "bowtie: no JACK server is running named '"
                  + name
                  + "' (JACK_DEFAULT_SERVER); start one (qjackctl, or: jackd -d alsa -r 48000) and"
                  + " try again"),
          live.err());
    }
  }

  @Test
  void shouldEndWithOneLineAndExitOneWhenTheServerShutsDown() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is built by mvn package");
    JackServer server = JackServer.start(RATE_HZ, 256);
    try (server;
        BowtieProcess live =
            BowtieProcess.start(
                Map.of("JACK_DEFAULT_SERVER", server.name),
                "live",
                "--backend",
                "jack",
                "--json-status")) {
      assertTrue(live.awaitRunning(60_000), "bowtie live did not start: " + live.err());
      server.close();
      assertEquals(1, live.awaitExit(20_000), "exit code; " + live.err());
      assertEquals(
          "bowtie: the JACK server shut down or dropped client 'bowtie'; restart it and Bowtie",
          live.err().get(live.err().size() - 1));
      assertEquals(2, live.err().size(), live.err().toString());
    }
  }

  private static float[] at16k(float[] recording, Path raw)
      throws IOException, InterruptedException {
    ByteBuffer bytes = ByteBuffer.allocate(recording.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : recording) {
      bytes.putShort((short) Math.round(Math.max(-1f, Math.min(1f, x)) * 32767f));
    }
    Files.write(raw, bytes.array());
    return Signals.toFloats(TestSpeech.rawS16Samples(raw, RATE_HZ, S.sampleRateHz()));
  }
}
