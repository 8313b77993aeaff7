package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.AudioDevices;
import dev.bowtie.realtime.device.DeviceInUseException;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.DeviceLock;
import dev.bowtie.realtime.device.DeviceLoop;
import dev.bowtie.realtime.device.RealtimePriority;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.pipeline.HopProcessor;
import dev.bowtie.realtime.pipeline.LivePipeline;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.LiveStatus;
import dev.bowtie.realtime.pipeline.LiveStatusSampler;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.ring.WaitStrategyKind;
import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bowtie live}: captures a device, changes the voice hop by hop, plays to another device,
 * until Ctrl-C or SIGTERM (exit 0, lines drained and closed) or {@code --seconds} pass. Prints a
 * status line once a second. Lines on standard input change settings while it runs ({@code bypass
 * on|off}, {@code mix 0..1}, {@code voice NAME}). A device that disappears is retried for {@code
 * --retry-seconds}; if it does not come back Bowtie says so and exits 1. One loop runs per device
 * pair ({@link DeviceLock}): a second is refused, naming the first.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = "Change your voice live: microphone in, converted voice out.")
public final class LiveCommand implements Callable<Integer> {
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long RETIRE_TIMEOUT_NANOS = 2 * SECOND_NANOS;
  private static final int MAX_RETRY_SECONDS = 86_400;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin VoiceOptions voiceOptions;

  @Option(names = "--input", description = "Capture device name (see 'bowtie devices').")
  String input;

  @Option(names = "--output", description = "Playback device name (see 'bowtie devices').")
  String output;

  @Option(
      names = "--buffer-ms",
      defaultValue = "20",
      description = "Device buffer per line in ms, 2-1000 (default: ${DEFAULT-VALUE}).")
  int bufferMillis;

  @Option(names = "--bypass", description = "Start in pass-through: play the input unchanged.")
  boolean bypass;

  @Option(
      names = "--mix",
      defaultValue = "1.0",
      description = "Dry/wet mix, 0-1: 0 = dry only, 1 = voice only (default: ${DEFAULT-VALUE}).")
  float wetMix;

  @Option(names = "--json-status", description = "Print the status as JSON lines.")
  boolean jsonStatus;

  @Option(
      names = "--wait-strategy",
      defaultValue = "BLOCKING",
      description =
          "How the voice thread waits for audio: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  WaitStrategyKind waitStrategy;

  @Option(
      names = "--seconds",
      defaultValue = "0",
      description =
          "Stop after this many seconds, 0 or more; 0 runs until Ctrl-C (default:"
              + " ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--rt-priority",
      defaultValue = "10",
      description =
          "Real-time (SCHED_RR) priority for the capture, voice and playback threads, 1-99;"
              + " 0 leaves them at normal priority (default: ${DEFAULT-VALUE}).")
  int rtPriority;

  @Option(
      names = "--retry-seconds",
      defaultValue = "10",
      description =
          "How long to retry a device that went away, in seconds, 0-"
              + MAX_RETRY_SECONDS
              + " (default: ${DEFAULT-VALUE}).")
  int retrySeconds;

  /** The scheduling the loop's threads ask for. */
  private RealtimePriority realtime;

  /**
   * The voice the loop speaks with; written by the control thread after the loop starts, read at
   * exit to close it.
   */
  private volatile Voice liveVoice;

  @Override
  public Integer call() throws InterruptedException {
    if (bufferMillis < 2 || bufferMillis > 1000) {
      throw new UserError("--buffer-ms " + bufferMillis + " must be between 2 and 1000");
    }
    if (!(wetMix >= 0f && wetMix <= 1f)) {
      throw new UserError("--mix " + wetMix + " must be between 0 and 1");
    }
    if (rtPriority < 0 || rtPriority > RealtimePriority.MAX) {
      throw new UserError(
          "--rt-priority " + rtPriority + " must be between 0 (off) and " + RealtimePriority.MAX);
    }
    if (seconds < 0) {
      throw new UserError("--seconds " + seconds + " must be 0 (run until Ctrl-C) or more");
    }
    if (retrySeconds < 0 || retrySeconds > MAX_RETRY_SECONDS) {
      throw new UserError(
          "--retry-seconds " + retrySeconds + " must be between 0 and " + MAX_RETRY_SECONDS);
    }
    realtime = new RealtimePriority(rtPriority);
    AnalysisSettings analysis = AnalysisSettings.DEFAULT;
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try (VoiceOptions.Selection selection = voiceOptions.open(analysis, stderr);
        VoiceLoader voices =
            new VoiceLoader(
                selection.model() != null
                    ? VoiceCatalog.withModel(selection.model())
                    : VoiceCatalog.builtIn(analysis.order()),
                selection.model() != null,
                () -> voiceOptions.modelOptions.open(analysis, stderr))) {
      try {
        return live(analysis, voices, selection.voice(), stdout, stderr);
      } finally {
        if (liveVoice != null && liveVoice != selection.voice()) {
          // A voice switched to over standard input, closed before the pack it may come from.
          liveVoice.close();
        }
      }
    }
  }

  private int live(
      AnalysisSettings analysis,
      VoiceLoader voices,
      Voice target,
      PrintWriter stdout,
      PrintWriter stderr)
      throws InterruptedException {
    AudioDevice in = device(DeviceKind.CAPTURE, input, "--input");
    AudioDevice out = device(DeviceKind.PLAYBACK, output, "--output");
    try (DeviceLock held = lock(in, out)) {
      return liveOn(in, out, analysis, voices, target, stdout, stderr);
    }
  }

  /** The device the user named with {@code option}, or the default one. */
  private static AudioDevice device(DeviceKind kind, String name, String option) {
    try {
      return AudioDevices.find(kind, name);
    } catch (AudioDeviceException e) {
      String prefix = name == null ? "" : option + ": ";
      throw new UserError(prefix + e.getMessage() + " ('bowtie devices' lists them)", e);
    }
  }

  /** Refuses a second live loop on the same devices, naming the one that runs. */
  private static DeviceLock lock(AudioDevice in, AudioDevice out) {
    try {
      return DeviceLock.acquire(in.name(), out.name());
    } catch (DeviceInUseException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(e.getMessage() + "; set XDG_RUNTIME_DIR to a folder of your own", e);
    }
  }

  private int liveOn(
      AudioDevice in,
      AudioDevice out,
      AnalysisSettings analysis,
      VoiceLoader voices,
      Voice target,
      PrintWriter stdout,
      PrintWriter stderr)
      throws InterruptedException {
    HopProcessor voiceProcessor =
        warmedUp(
            analysis,
            voices.create(voiceOptions.voice, voiceOptions.pitchSemitones),
            new VoiceEngine(analysis, target, voiceOptions.synthesis));
    int inRate = AudioDevices.preferredRateHz(in);
    int outRate = AudioDevices.preferredRateHz(out);
    int hop = analysis.hopSamples();
    int modelRate = analysis.sampleRateHz();
    int inBlock = (int) Math.round((double) inRate * hop / modelRate);
    int outBlock = (int) Math.round((double) outRate * hop / modelRate);

    LivePipeline.Config config =
        LivePipeline.Config.defaults(modelRate, hop, inRate, outRate, Math.max(inBlock, outBlock))
            .withCaptureBurst(Math.max(inBlock, inRate * bufferMillis / 1000))
            .withWaitStrategy(waitStrategy);
    LiveSettings settings = new LiveSettings(target.name(), voiceProcessor, bypass, wetMix);

    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> onSignal(stopRequested, stopped, stdout), "bowtie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    liveVoice = target;
    try (LivePipeline pipeline = new LivePipeline(config, settings, this::newVoiceThread)) {
      pipeline.start();
      startControl(pipeline, voices, analysis, stderr);
      DeviceLoop devices = openDevices(in, inRate, out, outRate, inBlock, outBlock, pipeline);
      stderr.printf(
          "bowtie: live with voice %s%s: capture '%s' %d Hz, playback '%s' %d Hz, %d ms buffers,"
              + " algorithmic latency %.1f ms; Ctrl-C stops%n",
          target.name(),
          bypass ? " (bypassed)" : "",
          in.name(),
          inRate,
          out.name(),
          outRate,
          bufferMillis,
          pipeline.algorithmicLatencyMillis());
      stderr.flush();
      int code =
          run(
              pipeline,
              devices,
              in,
              inRate,
              out,
              outRate,
              inBlock,
              outBlock,
              stopRequested,
              stdout,
              stderr);
      if (stopRequested.getCount() == 0) {
        code = 0;
      }
      return code;
    } finally {
      stdout.flush();
      stderr.flush();
      stopped.countDown();
      if (stopRequested.getCount() != 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // A signal arrived during cleanup: the hook now ends the process with 0.
        }
      }
    }
  }

  private int run(
      LivePipeline pipeline,
      DeviceLoop first,
      AudioDevice in,
      int inRate,
      AudioDevice out,
      int outRate,
      int inBlock,
      int outBlock,
      CountDownLatch stopRequested,
      PrintWriter stdout,
      PrintWriter stderr)
      throws InterruptedException {
    LiveStatusSampler sampler = new LiveStatusSampler(pipeline);
    boolean interactive = System.console() != null && !jsonStatus;
    long start = System.nanoTime();
    DeviceLoop devices = first;
    boolean priorityReported = false;
    try {
      while (!stopRequested.await(1, TimeUnit.SECONDS)) {
        String failure = devices.failure();
        if (failure != null) {
          devices.close();
          stderr.println("bowtie: " + failure + "; retrying for " + retrySeconds + " s");
          stderr.flush();
          devices =
              reopen(devices, in, inRate, out, outRate, inBlock, outBlock, pipeline, stopRequested);
          if (devices == null) {
            if (stopRequested.getCount() == 0) {
              return 0;
            }
            stderr.println(
                "bowtie: the audio device did not come back within "
                    + retrySeconds
                    + " s; stopping. Check that the sound server runs ('pactl info')");
            return 1;
          }
          stderr.println("bowtie: audio device is back");
          stderr.flush();
          continue;
        }
        if (!priorityReported) {
          reportPriority(stderr);
          priorityReported = true;
        }
        LiveStatus status = sampler.sample();
        if (jsonStatus) {
          stdout.println(status.toJson());
        } else if (interactive) {
          stdout.print("\r" + status.toText());
        } else {
          stdout.println(status.toText());
        }
        stdout.flush();
        if (seconds > 0 && System.nanoTime() - start >= seconds * SECOND_NANOS) {
          break;
        }
      }
      if (interactive) {
        stdout.println();
      }
      return 0;
    } finally {
      if (devices != null) {
        devices.close();
      }
    }
  }

  /** One line on how the loop's threads are scheduled, once they have all started. */
  private void reportPriority(PrintWriter stderr) {
    if (realtime.priority() == 0) {
      return;
    }
    String refusal = realtime.refusal();
    if (refusal != null) {
      stderr.println("bowtie: " + refusal + " (--rt-priority 0); running at normal priority");
    } else {
      stderr.printf(
          "bowtie: real-time priority SCHED_RR %d for %d threads%n",
          realtime.priority(), realtime.grantedThreads());
    }
    stderr.flush();
  }

  /**
   * Tries once a second, for {@code --retry-seconds}, to open the devices again after a failure.
   * The stages pass to the new device threads only once the closed loop's threads have ended, and
   * the drift steering starts afresh for the new clocks.
   *
   * @return the running new loop, or null when the devices did not come back or a stop came
   */
  private DeviceLoop reopen(
      DeviceLoop closed,
      AudioDevice in,
      int inRate,
      AudioDevice out,
      int outRate,
      int inBlock,
      int outBlock,
      LivePipeline pipeline,
      CountDownLatch stopRequested)
      throws InterruptedException {
    long deadline = System.nanoTime() + retrySeconds * SECOND_NANOS;
    boolean steeringRestarted = false;
    while (System.nanoTime() - deadline < 0) {
      if (stopRequested.await(1, TimeUnit.SECONDS)) {
        return null;
      }
      if (!closed.threadsEnded()) {
        // An old device thread still sits in a line call: the stages are still its.
        continue;
      }
      if (!steeringRestarted) {
        pipeline.playback().restartSteering();
        steeringRestarted = true;
      }
      try {
        return openDevices(in, inRate, out, outRate, inBlock, outBlock, pipeline);
      } catch (UserError stillGone) {
        // Not back yet: wait and try again until the deadline.
      }
    }
    return null;
  }

  private DeviceLoop openDevices(
      AudioDevice in,
      int inRate,
      AudioDevice out,
      int outRate,
      int inBlock,
      int outBlock,
      LivePipeline pipeline) {
    DeviceLoop devices =
        new DeviceLoop(
            in,
            inRate,
            out,
            outRate,
            bufferMillis,
            inBlock,
            outBlock,
            pipeline.capture(),
            pipeline.playback(),
            realtime);
    try {
      devices.open();
    } catch (AudioDeviceException e) {
      String hint = e.deviceMissing() ? "" : " Try another --buffer-ms, or 'bowtie devices'";
      throw new UserError(e.getMessage() + hint, e);
    }
    devices.start();
    return devices;
  }

  /**
   * Reads control lines from standard input while the loop runs: {@code bypass on|off}, {@code mix
   * 0..1}, {@code voice NAME}. Each builds new settings (and, for a voice, a new prepared engine,
   * opening the voice pack first if the voice is the first one from it) on this control thread and
   * swaps them in, while the voice thread plays on with the old ones; it then crossfades. A line
   * that fails is answered with one line, and the settings stay as they were.
   */
  private void startControl(
      LivePipeline pipeline, VoiceLoader voices, AnalysisSettings analysis, PrintWriter stderr) {
    Thread control =
        new Thread(
            () -> {
              BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
              try {
                for (String line; (line = in.readLine()) != null; ) {
                  String reply = applyControl(pipeline, line.trim(), voices, analysis);
                  if (reply != null) {
                    stderr.println("bowtie: " + reply);
                    stderr.flush();
                  }
                }
              } catch (IOException e) {
                // Standard input closed: the loop runs on without live control.
              }
            },
            "bowtie-control");
    control.setDaemon(true);
    control.start();
  }

  private String applyControl(
      LivePipeline pipeline, String line, VoiceLoader voices, AnalysisSettings analysis) {
    String[] words = line.split("\\s+");
    LiveSettings now = pipeline.settings();
    try {
      switch (words[0]) {
        case "" -> {
          return null;
        }
        case "bypass" -> pipeline.setSettings(now.withBypass(!"off".equals(arg(words))));
        case "mix" -> pipeline.setSettings(now.withWetMix(Float.parseFloat(arg(words))));
        case "voice" -> {
          Voice v = voices.create(arg(words), 0.0);
          LiveSettings next;
          try {
            HopProcessor engine =
                warmedUp(
                    analysis,
                    voices.create(arg(words), 0.0),
                    new VoiceEngine(analysis, v, voiceOptions.synthesis));
            next = now.withVoice(v.name(), engine);
            pipeline.setSettings(next);
          } catch (RuntimeException e) {
            v.close();
            throw e;
          }
          retire(pipeline, next, liveVoice);
          liveVoice = v;
        }
        default -> {
          return "unknown control '" + line + "'; use: bypass on|off, mix 0..1, voice NAME";
        }
      }
      LiveSettings s = pipeline.settings();
      return String.format(
          Locale.ROOT,
          "voice %s, bypass %s, mix %.2f",
          s.voiceName(),
          s.bypass() ? "on" : "off",
          s.wetMix());
    } catch (UserError | IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * Closes a voice that was switched out (a neural voice holds native tensors) once the voice
   * thread has faded away from it. If the fade does not finish in time (devices gone, say), the
   * voice is left open rather than closed under the voice thread's feet.
   */
  private static void retire(LivePipeline pipeline, LiveSettings next, Voice old) {
    try {
      if (pipeline.awaitSettled(next, RETIRE_TIMEOUT_NANOS)) {
        old.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a scratch engine, with a voice of its own, over two seconds of a test tone on this
   * (control) thread, so the JIT has compiled the voice's code before the voice thread needs it in
   * real time; a cold voice would miss its first deadlines and make the loop fall back to dry and
   * underrun at a switch. The scratch voice is closed; {@code voice}, which the tone never touched
   * (a neural voice learns the speaker's pitch as it runs), is returned.
   */
  private HopProcessor warmedUp(AnalysisSettings analysis, Voice scratch, HopProcessor voice) {
    try (scratch) {
      VoiceEngine engine = new VoiceEngine(analysis, scratch, voiceOptions.synthesis);
      int hop = engine.hopSamples();
      float[] in = new float[hop];
      float[] out = new float[hop];
      long n = 0;
      for (int k = 0; k < 3_000; k++) {
        for (int i = 0; i < hop; i++, n++) {
          in[i] = (float) (0.1 * Math.sin(2 * Math.PI * 150.0 * n / analysis.sampleRateHz()));
        }
        engine.processHop(in, out);
      }
    }
    return voice;
  }

  private static String arg(String[] words) {
    if (words.length < 2) {
      throw new IllegalArgumentException("'" + words[0] + "' needs a value");
    }
    return words[1];
  }

  /**
   * The voice thread, at real-time priority when it waits by blocking. A spinning, yielding or
   * sleeping waiter keeps normal priority: at real-time priority it would starve the rest of the
   * machine (the sound server included) on its core; the SLEEPING strategy's 100 ns naps end at
   * once for a real-time thread (no timer slack), so it spins too (measured: a whole core, wake-up
   * p99 26 ms).
   */
  private Thread newVoiceThread(Runnable r) {
    Runnable body =
        waitStrategy == WaitStrategyKind.BLOCKING
            ? () -> {
              realtime.applyToCurrentThread();
              r.run();
            }
            : r;
    Thread t = new Thread(body, "bowtie-voice");
    t.setDaemon(true);
    t.setPriority(Thread.MAX_PRIORITY);
    return t;
  }

  /**
   * Runs on SIGINT/SIGTERM: asks the loop to stop, waits for the clean shutdown, and ends the
   * process with 0 (a JVM ended by a signal would otherwise exit 130/143).
   */
  private static void onSignal(
      CountDownLatch stopRequested, CountDownLatch stopped, PrintWriter stdout) {
    stopRequested.countDown();
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stdout.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }
}
