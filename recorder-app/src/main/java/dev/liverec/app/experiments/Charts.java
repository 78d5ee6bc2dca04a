package dev.liverec.app.experiments;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts of a test's samples over recording time, drawn with XChart. */
final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private Charts() {}

  /**
   * Memory (RSS, MB) over time: as sampled (garbage included), the 30 s samples taken right after
   * a full GC, and the guide's 500 MB limit as a dashed line.
   */
  static void memory(Path file, String title, List<MetricSample> samples,
      List<MetricSample> afterGc) throws IOException {
    XYChart chart = line(title, "Memory (MB RSS)", "RSS as sampled", samples, MetricSample::memoryMb,
        new Color(0xC0392B));
    if (!afterGc.isEmpty()) {
      var retained = chart.addSeries("RSS after full GC (metrics.csv)",
          afterGc.stream().mapToDouble(MetricSample::timeSeconds).toArray(),
          afterGc.stream().mapToDouble(MetricSample::memoryMb).toArray());
      retained.setMarker(SeriesMarkers.DIAMOND);
      retained.setLineColor(new Color(0x1E8449));
      retained.setMarkerColor(new Color(0x1E8449));
    }
    double end = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).timeSeconds());
    var limit = chart.addSeries("limit " + (int) Checks.MEMORY_LIMIT_MB + " MB",
        new double[] {0, end}, new double[] {Checks.MEMORY_LIMIT_MB, Checks.MEMORY_LIMIT_MB});
    limit.setMarker(SeriesMarkers.NONE);
    limit.setLineColor(Color.GRAY);
    limit.setLineStyle(SeriesLines.DASH_DASH);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    save(chart, file);
  }

  /** Output file size (MB) over time. */
  static void fileSize(Path file, String title, List<MetricSample> samples) throws IOException {
    save(line(title, "File size (MB)", "file size", samples, MetricSample::fileSizeMb,
        new Color(0x2471A3)), file);
  }

  private static XYChart line(String title, String yTitle, String seriesName, List<MetricSample> samples,
      ToDoubleFunction<MetricSample> y, Color color) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("Time (s of recording)").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    double[] xs = samples.stream().mapToDouble(MetricSample::timeSeconds).toArray();
    double[] ys = samples.stream().mapToDouble(y).toArray();
    if (xs.length == 0) {
      xs = new double[] {0};
      ys = new double[] {0};
    }
    var series = chart.addSeries(seriesName, xs, ys);
    series.setMarker(xs.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    series.setLineColor(color);
    series.setMarkerColor(color);
    return chart;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out)) {
        throw new IOException("no PNG writer in this JVM");
      }
    }
  }
}
