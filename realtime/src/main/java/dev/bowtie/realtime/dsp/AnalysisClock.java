package dev.bowtie.realtime.dsp;

/**
 * Told by a {@link HopAnalyser} as each step of a hop's analysis ends, so that a benchmark can time
 * the steps inside the running engine. The engine itself uses {@link #NONE}, which does nothing.
 *
 * <p>Called on the analysing thread, once per step per hop: an implementation must not allocate,
 * lock or do I/O.
 */
public interface AnalysisClock {
  /** Does nothing: the clock of every analyser that no benchmark watches. */
  AnalysisClock NONE =
      new AnalysisClock() {
        @Override
        public void melCepstrumDone() {}

        @Override
        public void f0Done() {}
      };

  /** The hop's samples are taken in and the frame's mel-cepstrum is computed. */
  void melCepstrumDone();

  /** The frame's F0 is tracked; the hop's analysis is complete. */
  void f0Done();
}
