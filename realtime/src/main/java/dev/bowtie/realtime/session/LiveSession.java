package dev.bowtie.realtime.session;

import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.DeviceInUseException;
import dev.bowtie.realtime.device.DeviceLock;
import dev.bowtie.realtime.device.DeviceLoop;
import dev.bowtie.realtime.device.LineFormat;
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
import dev.bowtie.realtime.voice.VoiceLoader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running voice changer on a pair of devices: what any host needs to change a voice live, behind
 * a handful of calls. It holds the device lock (one session per device pair and user), warms each
 * voice up before the voice thread needs it, runs the live loop ({@link LivePipeline}) and its two
 * device threads ({@link DeviceLoop}), retries a device that goes away, switches voices with a
 * crossfade and closes every voice it switched away from.
 *
 * <p>Thread rules: {@link #start} and {@link #close} on one thread; {@link #setVoice}, {@link
 * #setBypass}, {@link #setMix} and the getters from any control thread (they are serialised); the
 * {@link Listener} is called on the session's own supervisor thread. Nothing here runs on the audio
 * path: the supervisor polls the devices ten times a second and samples the status once a second.
 */
public final class LiveSession implements AutoCloseable {
  /** What a running session can become. */
  public enum State {
    /** The loop runs on its devices. */
    RUNNING,
    /** A device went away; the session is opening it again. */
    RETRYING,
    /** A device did not come back within the retry window; the session plays nothing. */
    FAILED,
    /** Closed. */
    CLOSED
  }

  /** Hears about the devices. Called on the session's supervisor thread; must return quickly. */
  public interface Listener {
    /**
     * @param why one line naming the device
     * @param retrySeconds how long the session keeps trying
     */
    default void deviceLost(String why, int retrySeconds) {}

    /** The device is back and the loop runs again. */
    default void deviceBack() {}

    /**
     * @param why one line: the device did not come back in time
     */
    default void gaveUp(String why) {}
  }

  private static final long POLL_MILLIS = 100;
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long RETIRE_TIMEOUT_NANOS = 2 * SECOND_NANOS;

  private final AudioBackend backend;
  private final AudioDevice input;
  private final AudioDevice output;
  private final LineFormat inputFormat;
  private final LineFormat outputFormat;
  private final SessionSettings settings;
  private final VoiceLoader voices;
  private final Listener listener;
  private final RealtimePriority realtime;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final DeviceLock lock;
  private LivePipeline pipeline;
  private LiveStatusSampler sampler;
  private DeviceLoop devices;
  private Thread supervisor;
  private Voice voice;
  private volatile LiveStatus latest;
  private volatile String failure;

  private LiveSession(
      AudioBackend backend,
      AudioDevice input,
      AudioDevice output,
      VoiceLoader voices,
      SessionSettings settings,
      Listener listener,
      DeviceLock lock) {
    this.backend = backend;
    this.input = input;
    this.output = output;
    this.voices = voices;
    this.settings = settings;
    this.listener = listener;
    this.lock = lock;
    this.realtime = new RealtimePriority(settings.realtimePriority());
    AnalysisSettings analysis = settings.analysis();
    int hop = analysis.hopSamples();
    int modelRate = analysis.sampleRateHz();
    int inRate = input.preferredRateHz();
    int outRate = output.preferredRateHz();
    this.inputFormat =
        new LineFormat(
            inRate, (int) Math.round((double) inRate * hop / modelRate), settings.bufferMillis());
    this.outputFormat =
        new LineFormat(
            outRate, (int) Math.round((double) outRate * hop / modelRate), settings.bufferMillis());
  }

  /**
   * Starts a session: takes the device lock, makes and warms up the voice, starts the loop and
   * opens the devices.
   *
   * @param backend opens the devices
   * @param input capture device, from {@code backend}
   * @param output playback device, from {@code backend}
   * @param voices makes voices by name; stays the caller's (close it after the session)
   * @param voice the voice to start with: a name or blend as {@code voices} takes
   * @param settings how the session runs
   * @param listener hears about device loss and return
   * @return the running session
   * @throws AudioDeviceException when a device cannot be opened
   * @throws DeviceInUseException when another session holds these devices, naming its process
   * @throws IOException when the device lock cannot be made, naming its folder
   * @throws IllegalArgumentException for a voice that {@code voices} does not know
   */
  public static LiveSession start(
      AudioBackend backend,
      AudioDevice input,
      AudioDevice output,
      VoiceLoader voices,
      String voice,
      SessionSettings settings,
      Listener listener)
      throws AudioDeviceException, DeviceInUseException, IOException {
    DeviceLock lock = DeviceLock.acquire(input.name(), output.name());
    LiveSession session = new LiveSession(backend, input, output, voices, settings, listener, lock);
    try {
      session.begin(voice);
      return session;
    } catch (AudioDeviceException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void begin(String name) throws AudioDeviceException {
    voice = voices.create(name, settings.pitchSemitones());
    HopProcessor engine = warmedUp(voice);
    LiveSettings initial =
        new LiveSettings(voice.name(), engine, settings.bypass(), settings.wetMix());
    LivePipeline.Config config =
        LivePipeline.Config.defaults(
                settings.analysis().sampleRateHz(),
                settings.analysis().hopSamples(),
                inputFormat.rateHz(),
                outputFormat.rateHz(),
                Math.max(inputFormat.blockFrames(), outputFormat.blockFrames()))
            .withCaptureBurst(inputFormat.bufferFrames())
            .withWaitStrategy(settings.waitStrategy());
    pipeline = new LivePipeline(config, initial, this::newVoiceThread);
    pipeline.start();
    sampler = new LiveStatusSampler(pipeline);
    devices = openDevices();
    supervisor = new Thread(this::supervise, "bowtie-session");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /**
   * Switches to another voice: makes it (opening the voice pack the first time one of its voices is
   * asked for), warms it up, crossfades to it, and closes the voice it replaced. The old voice
   * plays on until the new one is ready.
   *
   * @param name a voice or blend
   * @throws IllegalArgumentException naming an unknown voice and the choices
   * @throws RuntimeException with a one-line message when the voice pack cannot be opened
   */
  public synchronized void setVoice(String name) {
    Voice next = voices.create(name, settings.pitchSemitones());
    LiveSettings switched;
    try {
      switched = pipeline.settings().withVoice(next.name(), warmedUp(next));
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    pipeline.setSettings(switched);
    Voice old = voice;
    voice = next;
    retire(switched, old);
  }

  /**
   * @param on true to play the input unchanged (with the usual crossfade)
   */
  public synchronized void setBypass(boolean on) {
    pipeline.setSettings(pipeline.settings().withBypass(on));
  }

  /**
   * @param wetMix 0 = dry only, 1 = voice only
   * @throws IllegalArgumentException outside 0..1 or not finite
   */
  public synchronized void setMix(float wetMix) {
    if (!(wetMix >= 0f && wetMix <= 1f)) {
      throw new IllegalArgumentException("a mix is from 0 (dry) to 1 (voice only), not " + wetMix);
    }
    pipeline.setSettings(pipeline.settings().withWetMix(wetMix));
  }

  /**
   * @return the voice, bypass and mix in force
   */
  public LiveSettings settings() {
    return pipeline.settings();
  }

  /**
   * @return the status of the last full second, or null before the first second has passed
   */
  public LiveStatus status() {
    return latest;
  }

  /**
   * @return the session's state
   */
  public State state() {
    return state.get();
  }

  /**
   * @return why the session {@link State#FAILED}, or null
   */
  public String failure() {
    return failure;
  }

  /**
   * @return the delay the loop adds by design (hop buffering, voice, both resamplers), in ms
   */
  public double algorithmicLatencyMillis() {
    return pipeline.algorithmicLatencyMillis();
  }

  /**
   * @return how the audio threads are scheduled: what was asked, granted or refused
   */
  public RealtimePriority realtimePriority() {
    return realtime;
  }

  /**
   * @return the capture device and the format it runs at
   */
  public LineFormat inputFormat() {
    return inputFormat;
  }

  /**
   * @return the playback device's format
   */
  public LineFormat outputFormat() {
    return outputFormat;
  }

  /**
   * Stops the loop: the devices are drained and closed, the voice is closed, the device lock is
   * released. Idempotent.
   */
  @Override
  public void close() {
    State was = state.getAndSet(State.CLOSED);
    if (was == State.CLOSED) {
      return;
    }
    if (supervisor != null) {
      supervisor.interrupt();
      join(supervisor);
    }
    synchronized (this) {
      if (devices != null) {
        devices.close();
      }
      if (pipeline != null) {
        pipeline.close();
      }
      if (voice != null) {
        voice.close();
      }
    }
    lock.close();
  }

  /** Polls the devices, retries a lost one, and samples the status once a second. */
  private void supervise() {
    long nextSample = System.nanoTime() + SECOND_NANOS;
    try {
      while (state.get() != State.CLOSED) {
        Thread.sleep(POLL_MILLIS);
        String lost = devices.failure();
        if (lost != null && !recover(lost)) {
          return;
        }
        if (System.nanoTime() - nextSample >= 0) {
          latest = sampler.sample();
          nextSample += SECOND_NANOS;
        }
      }
    } catch (InterruptedException closing) {
      // close() ends the supervisor.
    }
  }

  /**
   * Tries once a second, for the retry window, to open the devices again. The stages pass to new
   * device threads only once the old ones have ended, and the drift steering starts afresh for the
   * new clocks.
   *
   * @return true when the devices are back; false when the session gave up or is closing
   */
  private boolean recover(String lost) throws InterruptedException {
    DeviceLoop closed = devices;
    closed.close();
    if (!state.compareAndSet(State.RUNNING, State.RETRYING)) {
      return false;
    }
    listener.deviceLost(lost, settings.retrySeconds());
    long deadline = System.nanoTime() + settings.retrySeconds() * SECOND_NANOS;
    boolean steeringRestarted = false;
    while (System.nanoTime() - deadline < 0 && state.get() == State.RETRYING) {
      TimeUnit.SECONDS.sleep(1);
      if (!closed.threadsEnded()) {
        // An old device thread still sits in a line call: the stages are still its.
        continue;
      }
      if (!steeringRestarted) {
        pipeline.playback().restartSteering();
        steeringRestarted = true;
      }
      try {
        DeviceLoop reopened = openDevices();
        synchronized (this) {
          devices = reopened;
        }
        if (state.compareAndSet(State.RETRYING, State.RUNNING)) {
          listener.deviceBack();
          return true;
        }
        return false;
      } catch (AudioDeviceException stillGone) {
        // Not back yet: wait and try again until the deadline.
      }
    }
    if (state.compareAndSet(State.RETRYING, State.FAILED)) {
      failure =
          "the audio device did not come back within "
              + settings.retrySeconds()
              + " s ("
              + lost
              + ")";
      listener.gaveUp(failure);
    }
    return false;
  }

  private DeviceLoop openDevices() throws AudioDeviceException {
    DeviceLoop loop =
        new DeviceLoop(
            backend,
            input,
            inputFormat,
            output,
            outputFormat,
            pipeline.capture(),
            pipeline.playback(),
            realtime);
    loop.open();
    loop.start();
    return loop;
  }

  /**
   * Closes a voice that was switched out (a neural voice holds native tensors) once the voice
   * thread has faded away from it. If the fade does not finish in time (devices gone, say), the
   * voice is left open rather than closed under the voice thread's feet.
   */
  private void retire(LiveSettings next, Voice old) {
    try {
      if (pipeline.awaitSettled(next, RETIRE_TIMEOUT_NANOS)) {
        old.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The engine for {@code voice}, after a scratch engine with a voice of its own has run two
   * seconds of a test tone on this (control) thread, so the JIT has compiled the voice's code
   * before the voice thread needs it in real time; a cold voice would miss its first deadlines and
   * make the loop fall back to dry and underrun at a switch. {@code voice} itself never hears the
   * tone: a neural voice learns the speaker's pitch as it runs.
   */
  private HopProcessor warmedUp(Voice voice) {
    AnalysisSettings analysis = settings.analysis();
    try (Voice scratch = voices.create(voice.name(), settings.pitchSemitones())) {
      VoiceEngine engine = new VoiceEngine(analysis, scratch, settings.synthesis());
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
    return new VoiceEngine(analysis, voice, settings.synthesis());
  }

  /**
   * The voice thread, at real-time priority when it waits by blocking. A spinning, yielding or
   * sleeping waiter keeps normal priority: at real-time priority it would starve the rest of the
   * machine (the sound server included) on its core, and the SLEEPING strategy's 100 ns naps end at
   * once for a real-time thread (no timer slack), so it spins too.
   */
  private Thread newVoiceThread(Runnable r) {
    Runnable body =
        settings.waitStrategy() == WaitStrategyKind.BLOCKING
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

  private static void join(Thread t) {
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
