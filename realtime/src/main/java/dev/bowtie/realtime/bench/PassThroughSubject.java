package dev.bowtie.realtime.bench;

/**
 * The baseline that copies each hop unchanged: the floor of the measurement, the cost of the
 * harness itself (clock reads and recording). Its bytes per hop show that the harness allocates
 * nothing.
 */
final class PassThroughSubject implements HopSubject {
  private final StageTimes times;

  PassThroughSubject(int capacity) {
    times = new StageTimes(capacity);
    times.measures(HopStage.HOP);
  }

  @Override
  public String name() {
    return "pass-through";
  }

  @Override
  public String kind() {
    return "baseline";
  }

  @Override
  public StageTimes times() {
    return times;
  }

  @Override
  public void processHop(float[] in, float[] out) {
    long t0 = System.nanoTime();
    times.hopStarts(t0);
    System.arraycopy(in, 0, out, 0, in.length);
    times.record(HopStage.HOP, System.nanoTime() - t0);
  }
}
