package dev.bowtie.plugin.report;

import dev.bowtie.realtime.bench.GcPause;
import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.HopStage;
import dev.bowtie.realtime.bench.StageTimes;
import dev.bowtie.realtime.bench.SubjectResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG plots of a {@code bench hop} report, drawn with JFreeChart: per-stage latency histograms
 * of a voice, the whole hop's time per hop with the garbage collector's pauses marked, and the
 * voices and baselines side by side (median and p99 per hop).
 */
final class BenchHopCharts {
  /** Most points per time series; longer runs keep each bin's slowest hop, so spikes show. */
  private static final int MAX_POINTS = 400;

  /** HdrHistogram's logarithmic buckets for the histograms: from 1 µs, each 15% wider. */
  private static final double BUCKET_GROWTH = 1.15;

  private BenchHopCharts() {}

  /** Per-stage latency histograms of one subject: hops per bucket against µs, log scale. */
  static void stages(SubjectResult s, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<HopStage, Histogram> e : s.times().histograms().entrySet()) {
      XYSeries series = new XYSeries(e.getKey().key());
      for (HistogramIterationValue v : e.getValue().logarithmicBucketValues(1000, BUCKET_GROWTH)) {
        series.add(v.getValueIteratedTo() / 1000.0, v.getCountAddedInThisIterationStep());
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Time per 5 ms hop, by stage: " + s.name() + " (" + s.kind() + ")",
            "µs (log scale)",
            "hops",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(ChartStyle.logAxis("µs (log scale)"));
    ChartStyle.save(chart, png);
  }

  /** The whole hop's time, hop by hop, for every subject, with GC pauses as red lines. */
  static void timeline(HopBenchResult r, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (SubjectResult s : r.subjects()) {
      StageTimes t = s.times();
      XYSeries series = new XYSeries(s.name(), false, true);
      int bin = Math.max(1, (t.hops() + MAX_POINTS - 1) / MAX_POINTS);
      for (int start = 0; start < t.hops(); start += bin) {
        int slowest = start;
        for (int i = start; i < Math.min(t.hops(), start + bin); i++) {
          if (t.hopNanos(i) > t.hopNanos(slowest)) {
            slowest = i;
          }
        }
        double at = (t.hopStartNanos(slowest) - r.measureStartNanos()) / 1e9;
        series.add(at, Math.max(0.01, t.hopNanos(slowest) / 1000.0));
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            String.format(
                Locale.ROOT,
                "Time per hop through the run (%d GC pause%s in red)",
                r.gcPauses().size(),
                r.gcPauses().size() == 1 ? "" : "s"),
            "seconds into the measured hops (wall clock, all subjects interleaved)",
            "µs per hop (log scale)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setRangeAxis(ChartStyle.logAxis("µs per hop (log scale)"));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(1.0f));
    }
    plot.setRenderer(renderer);
    for (GcPause p : r.gcPauses()) {
      ValueMarker m = new ValueMarker(p.atSeconds(), Color.RED, new BasicStroke(1.5f));
      m.setLabel(String.format(Locale.ROOT, "GC %.1f ms", p.millis()));
      m.setLabelPaint(Color.RED);
      plot.addDomainMarker(m);
    }
    ChartStyle.save(chart, png);
  }

  /** Median and p99 per hop of every voice and baseline, and SPTK's mean when it ran. */
  static void comparison(HopBenchResult r, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (SubjectResult s : r.subjects()) {
      Histogram h = s.times().histograms().get(HopStage.HOP);
      data.addValue(h.getValueAtPercentile(50) / 1000.0, "p50", s.name());
      data.addValue(h.getValueAtPercentile(99) / 1000.0, "p99", s.name());
    }
    if (r.sptk().skipped() == null) {
      data.addValue(r.sptk().meanNanosPerHop() / 1000.0, "SPTK mean", "sptk (pipeline)");
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Time per 5 ms hop: voices and baselines in the same run",
            null,
            "µs per hop",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", ChartStyle.number("#,##0.0")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setItemMargin(0.05);
    plot.getRangeAxis().setUpperMargin(0.15);
    ChartStyle.save(chart, png);
  }
}
