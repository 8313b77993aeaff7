package dev.bowtie.realtime.streams;

/**
 * N streams cut from one recording, each starting at a different place: stream s starts {@code s /
 * N} of the way through it, and every stream wraps round to the start at the end. So N streams of
 * real speech differ from one another (one is in a vowel while another is in silence or a
 * fricative) and keep differing, as N people talking would.
 *
 * <p>One thread at a time; {@link #nextHop} allocates nothing.
 */
public final class SpeechStreams {
  private final float[] speech;
  private final int hopSamples;
  private final int hops;
  private final int[] position;

  /**
   * @param speech the recording at the model rate; only its whole hops are used
   * @param hopSamples samples per hop
   * @param streams number of streams
   * @throws IllegalArgumentException when the recording is shorter than one hop or streams is below
   *     1
   */
  public SpeechStreams(float[] speech, int hopSamples, int streams) {
    if (streams < 1) {
      throw new IllegalArgumentException("at least one stream, not " + streams);
    }
    hops = speech.length / hopSamples;
    if (hops < 1) {
      throw new IllegalArgumentException(
          "the recording has " + speech.length + " samples, less than one hop");
    }
    this.speech = speech;
    this.hopSamples = hopSamples;
    position = new int[streams];
    for (int s = 0; s < streams; s++) {
      position[s] = (int) ((long) s * hops / streams);
    }
  }

  /** Number of streams. */
  public int streams() {
    return position.length;
  }

  /**
   * Copies every stream's next hop.
   *
   * @param in {@code in[s]} receives stream s's {@code hopSamples} samples
   */
  public void nextHop(float[][] in) {
    for (int s = 0; s < position.length; s++) {
      System.arraycopy(speech, position[s] * hopSamples, in[s], 0, hopSamples);
      position[s] = position[s] + 1 == hops ? 0 : position[s] + 1;
    }
  }
}
