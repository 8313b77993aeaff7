package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.PolyphaseResampler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to resample one 5 ms block between a device rate and the 16 kHz model rate, in both
 * directions, as the live loop does once per hop. Run: {@code mvn -q -pl realtime -am -Pbench
 * verify -Djmh.args=PolyphaseResamplerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolyphaseResamplerBenchmark {
  /** The device rate; the model rate is 16 kHz. */
  @Param({"48000", "44100"})
  public int deviceRateHz;

  private PolyphaseResampler toModel;
  private PolyphaseResampler toDevice;
  private float[] deviceBlock;
  private float[] modelBlock;
  private float[] out;

  /** Builds both resamplers and a noise block of 5 ms at the device rate. */
  @Setup
  public void setUp() {
    toModel = new PolyphaseResampler(deviceRateHz, 16000);
    toDevice = new PolyphaseResampler(16000, deviceRateHz);
    Random random = new Random(1);
    deviceBlock = new float[deviceRateHz / 200];
    for (int i = 0; i < deviceBlock.length; i++) {
      deviceBlock[i] = (float) (0.1 * random.nextGaussian());
    }
    modelBlock = new float[80];
    for (int i = 0; i < modelBlock.length; i++) {
      modelBlock[i] = (float) (0.1 * random.nextGaussian());
    }
    out = new float[Math.max(toModel.maxOutput(deviceBlock.length), toDevice.maxOutput(80))];
  }

  /** Device rate to 16 kHz, one 5 ms block. */
  @Benchmark
  public int deviceToModel() {
    return toModel.process(deviceBlock, 0, deviceBlock.length, out, 0);
  }

  /** 16 kHz to device rate, one 80-sample hop. */
  @Benchmark
  public int modelToDevice() {
    return toDevice.process(modelBlock, 0, modelBlock.length, out, 0);
  }
}
