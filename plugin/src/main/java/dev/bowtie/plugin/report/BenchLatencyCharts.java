package dev.bowtie.plugin.report;

import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.Spread;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG plots of a {@code bench latency} report, drawn with JFreeChart in the style of {@link
 * ChartStyle}: each click's round trip through the run, the spread of round trips per mode, and the
 * modes' median and p99 round trip and added latency beside other voice changers' published
 * figures. Every mode keeps its colour in the first two plots.
 */
final class BenchLatencyCharts {
  private static final String MEDIAN = "median round trip (measured here)";
  private static final String P99 = "p99 round trip (measured here)";
  private static final String ADDED = "added over pass-through (measured here)";
  private static final String PUBLISHED =
      "published by their authors (not measured here; their hardware and definition)";

  private BenchLatencyCharts() {}

  /** Each returned click's round trip against when it was sent, one colour per mode. */
  static void timeline(List<ModeResult> modes, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (ModeResult m : modes) {
      XYSeries series = new XYSeries(m.mode(), false, true);
      for (int i = 0; i < m.roundTripsMillis().size(); i++) {
        series.add(m.sentSeconds().get(i), m.roundTripsMillis().get(i));
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createScatterPlot(
            "Round trip of each click through the run",
            "seconds into the run (capture clock)",
            "round trip, ms",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    plot.setRenderer(renderer);
    plot.getRangeAxis().setLowerBound(0);
    ChartStyle.save(chart, png);
  }

  /** Box plots of each mode's round trips: median, quartiles, whiskers and outliers. */
  static void distribution(List<ModeResult> modes, Path png) throws IOException {
    DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
    for (ModeResult m : modes) {
      if (!m.roundTripsMillis().isEmpty()) {
        data.add(m.roundTripsMillis(), m.mode(), "round trips per mode");
      }
    }
    JFreeChart chart =
        ChartFactory.createBoxAndWhiskerChart(
            "Spread of round trips per mode", null, "round trip, ms", data, true);
    CategoryPlot plot = chart.getCategoryPlot();
    BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
    renderer.setMeanVisible(false);
    renderer.setItemMargin(0.1);
    // A mode with no round trip has no box; the others keep their colours from the timeline.
    for (int i = 0; i < modes.size(); i++) {
      int row = data.getRowIndex(modes.get(i).mode());
      if (row >= 0) {
        renderer.setSeriesPaint(row, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
      }
    }
    ChartStyle.save(chart, png);
  }

  /**
   * Bowtie's median and p99 round trip and added latency per mode, then the published figures of
   * other voice changers in grey, each bar labelled with its claim as its authors word it.
   */
  static void comparison(List<ModeResult> modes, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ModeResult m : modes) {
      Spread s = m.roundTrip();
      String category = "Bowtie " + m.mode();
      if (s != null) {
        data.addValue(s.median(), MEDIAN, category);
        data.addValue(s.p99(), P99, category);
      }
      double added = m.addedMillis(modes);
      if (Double.isFinite(added)) {
        data.addValue(added, ADDED, category);
      }
    }
    Map<String, String> claims = new HashMap<>();
    for (PublishedLatency p : PublishedLatency.ALL) {
      String category = p.project() + " (published)";
      data.addValue(p.highMillis(), PUBLISHED, category);
      claims.put(category, p.claim());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Bowtie on this loop beside other voice changers' published latencies",
            null,
            "ms",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    TextTitle note =
        new TextTitle(
            "Grey bars are their authors' published claims, not measured here: other hardware,"
                + " other definitions (algorithmic delay or end to end).");
    note.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
    chart.addSubtitle(note);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setDefaultItemLabelGenerator(new ClaimLabels(claims));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setItemMargin(0.02);
    renderer.setShadowVisible(false);
    // Each category fills only some of the four series' slots: thin gaps keep the bars readable.
    plot.getDomainAxis().setCategoryMargin(0.1);
    plot.getRangeAxis().setUpperMargin(0.2);
    int published = data.getRowIndex(PUBLISHED);
    renderer.setSeriesPaint(published, new Color(0x9a9a9a));
    ChartStyle.save(chart, png);
  }

  /** Labels a published bar with its claim in words, and a measured bar with its value. */
  private static final class ClaimLabels extends StandardCategoryItemLabelGenerator {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> claims;

    ClaimLabels(Map<String, String> claims) {
      super("{2}", ChartStyle.number("0.0"));
      this.claims = claims;
    }

    @Override
    public String generateLabel(CategoryDataset dataset, int row, int column) {
      String claim = claims.get((String) dataset.getColumnKey(column));
      return claim != null ? claim : super.generateLabel(dataset, row, column);
    }
  }
}
