package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format version 1.0, little-endian {@code <f4},
 * C order), which {@code numpy.load} reads directly. This is how Bowtie hands features to the
 * training tools. The write is atomic (see {@link AtomicFileWriter}).
 *
 * <p>Stateless and thread-safe.
 */
public final class NpyWriter {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  /** NumPy pads the header so the data starts on a 64-byte boundary; we do the same. */
  private static final int ALIGNMENT = 64;

  private static final int VALUES_PER_WRITE = 16384;

  private NpyWriter() {}

  /**
   * Writes a 1-D array of shape {@code (values.length,)}.
   *
   * @throws AudioFileException if the file cannot be written; nothing is left behind
   */
  public static void write(Path file, float[] values) throws AudioFileException {
    String shape = "(" + values.length + ",)";
    AtomicFileWriter.write(file, out -> writeNpy(out, shape, values, values.length));
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
    String shape = "(" + rows + ", " + columns + ")";
    AtomicFileWriter.write(file, out -> writeNpy(out, shape, rowMajor, rowMajor.length));
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

  private static void writeNpy(OutputStream out, String shape, float[] values, int count)
      throws IOException {
    out.write(header(shape));
    ByteBuffer block = ByteBuffer.allocate(VALUES_PER_WRITE * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < count; ) {
      int n = Math.min(VALUES_PER_WRITE, count - done);
      block.clear();
      block.asFloatBuffer().put(values, done, n);
      out.write(block.array(), 0, n * 4);
      done += n;
    }
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
