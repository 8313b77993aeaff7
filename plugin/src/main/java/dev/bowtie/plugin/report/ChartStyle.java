package dev.bowtie.plugin.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * The look every report plot shares: size, palette, white background, grid, title font, number
 * formats, and how a chart becomes a PNG. Stateless; call from one thread at a time, as AWT drawing
 * in headless mode wants.
 */
final class ChartStyle {
  /** Every plot's size in pixels. */
  static final int WIDTH = 900;

  static final int HEIGHT = 460;

  /** Distinct colours that read on white (the "tab10" palette). */
  static final Paint[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0x17becf),
    new Color(0x7f7f7f),
    new Color(0xe377c2),
    new Color(0xbcbd22)
  };

  private ChartStyle() {}

  /** A base-10 logarithmic axis with one tick per decade. */
  static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    // One tick per decade: 1, 10, 100 read at a glance.
    axis.setTickUnit(new NumberTickUnit(1.0));
    axis.setSmallestValue(0.01);
    axis.setNumberFormatOverride(number("0.##"));
    return axis;
  }

  /** A number format that ignores the user's locale, so reports read the same everywhere. */
  static DecimalFormat number(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  /** Applies the shared look to {@code chart}. */
  static void apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDrawingSupplier(
        new DefaultDrawingSupplier(
            PALETTE,
            DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
      xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    chart.setAntiAlias(true);
  }

  /** Applies the shared look and writes {@code chart} as a PNG of the shared size. */
  static void save(JFreeChart chart, Path png) throws IOException {
    apply(chart);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
