package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks shared by the benchmark reports' tests: the page shows every plot, each a real PNG. */
final class ReportPages {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private ReportPages() {}

  /**
   * Asserts that {@code report}'s index.html shows each of {@code pngs}, and that each is a PNG of
   * the reports' 900 by 460 pixels whose file is between 10 kB (more than an empty plot) and 150
   * kB.
   */
  static void assertPageShowsRealPngs(Path report, List<String> pngs) throws Exception {
    String html = Files.readString(report.resolve("index.html"));
    for (String png : pngs) {
      assertTrue(html.contains("<img src=\"" + png + "\""), png + " in " + html);
      byte[] bytes = Files.readAllBytes(report.resolve(png));
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png);
      assertTrue(bytes.length > 10_000 && bytes.length < 150_000, png + ": " + bytes.length);
      BufferedImage image = ImageIO.read(report.resolve(png).toFile());
      assertNotNull(image, png);
      assertEquals(900, image.getWidth(), png);
      assertEquals(460, image.getHeight(), png);
    }
  }
}
