package dev.bowtie.realtime.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  @TempDir Path dir;

  private record Npy(String header, float[] values) {}

  private static Npy parse(Path file) throws Exception {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    bytes.get(magic);
    assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, magic);
    int headerLength = bytes.getShort() & 0xFFFF;
    byte[] header = new byte[headerLength];
    bytes.get(header);
    assertEquals(0, (10 + headerLength) % 64, "data must start on a 64-byte boundary");
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return new Npy(new String(header, StandardCharsets.US_ASCII), values);
  }

  @Test
  void shouldWriteOneDimensionalFloat32WithShapeHeader() throws Exception {
    Path file = dir.resolve("f0.npy");
    float[] f0 = {0f, 120.5f, 121.25f, 0f, -1e-30f};

    NpyWriter.write(file, f0);
    Npy npy = parse(file);

    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", npy.header.trim());
    assertTrue(npy.header.endsWith("\n"));
    assertArrayEquals(f0, npy.values);
  }

  @Test
  void shouldWriteRowsInRowMajorOrder() throws Exception {
    Path file = dir.resolve("mcep.npy");

    NpyWriter.write(file, new float[][] {{1, 2, 3}, {4, 5, 6}}, 3);
    Npy npy = parse(file);

    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", npy.header.trim());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, npy.values);
  }

  @Test
  void shouldStateColumnsOfAnEmptyMatrix() throws Exception {
    Path file = dir.resolve("none.npy");
    NpyWriter.write(file, new float[0][], 25);
    assertEquals(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 25), }", parse(file).header.trim());
  }

  @Test
  void shouldRefuseRaggedRowsAndWrongShapes() {
    Path file = dir.resolve("bad.npy");
    assertThrows(
        IllegalArgumentException.class,
        () -> NpyWriter.write(file, new float[][] {{1, 2}, {3}}, 2));
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(file, new float[5], 2, 3));
    assertTrue(Files.notExists(file));
  }

  @Test
  void shouldNameMissingOutputDirectory() {
    Path file = dir.resolve("missing").resolve("f0.npy");
    AudioFileException e =
        assertThrows(AudioFileException.class, () -> NpyWriter.write(file, new float[3]));
    assertTrue(e.getMessage().startsWith(file + ": cannot be written: directory"));
  }

  @Test
  void shouldBeReadByNumpyWithTheSameValues() throws Exception {
    Path file = dir.resolve("mcep.npy");
    float[] values = new float[7 * 25];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.sin(i * 0.37) * (i + 1) / 3f;
    }
    NpyWriter.write(file, values, 7, 25);

    String script =
        "import numpy, sys\n"
            + "a = numpy.load(sys.argv[1])\n"
            + "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'])\n"
            + "print(' '.join(repr(float(v)) for v in a.ravel()))\n";
    Process python =
        new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(python.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, python.exitValue(), String.join("\n", lines));

    assertEquals("float32 (7, 25) True", lines.get(0));
    float[] loaded = new float[values.length];
    String[] parts = lines.get(1).split(" ");
    for (int i = 0; i < parts.length; i++) {
      loaded[i] = (float) Double.parseDouble(parts[i]);
    }
    assertEquals(values.length, parts.length);
    assertArrayEquals(values, loaded, () -> Arrays.toString(loaded));
  }
}
