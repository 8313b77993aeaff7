package dev.bowtie.realtime.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format version 1.0, little-endian {@code <f4},
 * C order), which {@code numpy.load} reads directly. This is how Bowtie hands features to the
 * training tools. The output is an {@link OutputFile}: a file appears whole or not at all.
 *
 * <p>Values stream in any number of calls, so any size is written in bounded memory; the shape goes
 * in the header, so it is given up front and {@link #finish()} checks it was filled.
 *
 * <p>Not thread-safe: one thread writes a file and finishes or closes it.
 */
public final class NpyWriter implements AutoCloseable {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  /** NumPy pads the header so the data starts on a 64-byte boundary; we do the same. */
  private static final int ALIGNMENT = 64;

  private static final int VALUES_PER_WRITE = 16384;

  private final OutputFile out;
  private final long values;
  private final ByteBuffer block =
      ByteBuffer.allocate(VALUES_PER_WRITE * 4).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  private NpyWriter(OutputFile out, String shape, long values) throws AudioFileException {
    this.out = out;
    this.values = values;
    byte[] header = header(shape);
    out.write(header, 0, header.length);
  }

  /**
   * Starts a 1-D array of shape {@code (length,)} on an open output, which the writer then owns.
   *
   * @throws AudioFileException if the header cannot be written; the output is then closed
   */
  public static NpyWriter open(OutputFile out, long length) throws AudioFileException {
    return open(out, "(" + length + ",)", length);
  }

  /**
   * Starts a 2-D array of shape {@code (rows, columns)}, filled row after row, on an open output,
   * which the writer then owns.
   *
   * @throws AudioFileException if the header cannot be written; the output is then closed
   */
  public static NpyWriter open(OutputFile out, long rows, int columns) throws AudioFileException {
    return open(out, "(" + rows + ", " + columns + ")", rows * columns);
  }

  private static NpyWriter open(OutputFile out, String shape, long values)
      throws AudioFileException {
    try {
      return new NpyWriter(out, shape, values);
    } catch (AudioFileException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Writes a 1-D array of shape {@code (values.length,)}.
   *
   * @throws AudioFileException if the file cannot be written; nothing is left behind
   */
  public static void write(Path file, float[] values) throws AudioFileException {
    try (NpyWriter writer =
        open(OutputFile.open(file, OutputFile.Existing.REPLACE), values.length)) {
      writer.write(values, 0, values.length);
      writer.finish();
    }
  }

  /**
   * Writes a 2-D array of shape {@code (rows, columns)} from row-major data.
   *
   * @param file the file to create or replace
   * @param rowMajor {@code rows * columns} values, row after row
   * @param rows number of rows
   * @param columns number of columns
   * @throws IllegalArgumentException if the data does not hold {@code rows * columns} values
   * @throws AudioFileException if the file cannot be written; nothing is left behind
   */
  public static void write(Path file, float[] rowMajor, int rows, int columns)
      throws AudioFileException {
    if (rows < 0 || columns < 0 || (long) rows * columns != rowMajor.length) {
      throw new IllegalArgumentException(
          "shape " + rows + " x " + columns + " does not match " + rowMajor.length + " values");
    }
    try (NpyWriter writer =
        open(OutputFile.open(file, OutputFile.Existing.REPLACE), rows, columns)) {
      writer.write(rowMajor, 0, rowMajor.length);
      writer.finish();
    }
  }

  /**
   * Writes a 2-D array of shape {@code (rows.length, columns)}, one array per row.
   *
   * @param file the file to create or replace
   * @param rows the rows, each {@code columns} long
   * @param columns number of columns (needed to state the shape when there are no rows)
   * @throws IllegalArgumentException if a row is not {@code columns} long
   * @throws AudioFileException if the file cannot be written; nothing is left behind
   */
  public static void write(Path file, float[][] rows, int columns) throws AudioFileException {
    float[] rowMajor = new float[Math.multiplyExact(rows.length, columns)];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != columns) {
        throw new IllegalArgumentException(
            "row " + r + " has " + rows[r].length + " values, not " + columns);
      }
      System.arraycopy(rows[r], 0, rowMajor, r * columns, columns);
    }
    write(file, rowMajor, rows.length, columns);
  }

  /**
   * Appends values in C order.
   *
   * @throws IllegalStateException if that is more values than the shape holds
   * @throws AudioFileException if writing fails
   */
  public void write(float[] source, int offset, int count) throws AudioFileException {
    if (written + count > values) {
      throw new IllegalStateException("more values than the shape holds (" + values + ")");
    }
    for (int done = 0; done < count; ) {
      int n = Math.min(VALUES_PER_WRITE, count - done);
      block.clear();
      block.asFloatBuffer().put(source, offset + done, n);
      out.write(block.array(), 0, n * 4);
      done += n;
    }
    written += count;
  }

  /**
   * Completes the file and makes it appear.
   *
   * @throws IllegalStateException if fewer values were written than the shape holds
   * @throws AudioFileException if the file cannot be completed; nothing is left behind
   */
  public void finish() throws AudioFileException {
    if (written != values) {
      throw new IllegalStateException(written + " values written of the " + values + " promised");
    }
    out.commit();
  }

  /** Closes the output; unless {@link #finish()} succeeded, nothing is left behind. */
  @Override
  public void close() {
    out.close();
  }

  /** The magic, version, header length and the padded header dictionary. */
  static byte[] header(String shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + text.length());
    header.order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
    return header.array();
  }
}
