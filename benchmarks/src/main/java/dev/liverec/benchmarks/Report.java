package dev.liverec.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns one run's raw results into {@code results.md} and three PNG charts:
 * {@code jmh=a.csv,b.csv} (JMH {@code -rf csv}, one or more runs), {@code sidecar=sidecar.tsv} (every other figure,
 * one {@code key=value} line each: session stats, jobs, ffmpeg CLI, capacity, soak, load),
 * {@code out=DIR}. The targets of issue 7 are checked at 1080p {@code veryfast}.
 */
public final class Report {
  private static final String[] SIZES = {"640x360", "1280x720", "1920x1080"};
  private static final String[] PRESETS = {"ultrafast", "veryfast"};

  private final Map<String, Map<String, Double>> jmh = new LinkedHashMap<>();
  private final List<Map<String, String>> side = new ArrayList<>();

  private Report() {}

  public static void main(String[] args) throws IOException {
    run(RecordJob.args(args));
  }

  /** The whole run, without exiting the JVM; arguments as in the class comment. */
  public static void run(Map<String, String> a) throws IOException {
    Report r = new Report();
    Path out = Path.of(a.getOrDefault("out", "target/bench"));
    Files.createDirectories(out);
    for (String csv : a.getOrDefault("jmh", out.resolve("jmh.csv").toString()).split(",")) {
      r.readJmh(Path.of(csv));
    }
    r.readSidecar(Path.of(a.getOrDefault("sidecar", out.resolve("sidecar.tsv").toString())));
    Files.writeString(out.resolve("results.md"), r.markdown(a.getOrDefault("machine", "")));
    r.charts(out);
    System.out.println("wrote " + out.resolve("results.md") + " and charts");
  }

  // ---- input --------------------------------------------------------------------------------

  private void readJmh(Path csv) throws IOException {
    if (!Files.exists(csv)) {
      return;
    }
    List<String> lines = Files.readAllLines(csv);
    String[] header = split(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = split(line);
      String bench = cols[0];
      String metric = "mean";
      int colon = bench.indexOf(':');
      if (colon > 0) {
        metric = bench.substring(colon + 1);
        bench = bench.substring(0, colon);
      }
      bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      StringBuilder key = new StringBuilder(bench);
      for (int i = 7; i < header.length && i < cols.length; i++) {
        if (!cols[i].isEmpty()) {
          key.append(' ').append(header[i].replace("Param: ", "")).append('=').append(cols[i]);
        }
      }
      Map<String, Double> m = jmh.computeIfAbsent(key.toString(), k -> new HashMap<>());
      m.put(metric, parse(cols[4]));
      if (metric.equals("mean")) {
        m.put("samples", parse(cols[3]));
        m.put("error", parse(cols[5]));
      }
    }
  }

  private static String[] split(String line) {
    String[] cols = line.split(",", -1);
    for (int i = 0; i < cols.length; i++) {
      cols[i] = cols[i].replace("\"", "").trim();
    }
    return cols;
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private void readSidecar(Path tsv) throws IOException {
    if (!Files.exists(tsv)) {
      return;
    }
    for (String line : Files.readAllLines(tsv)) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (String field : line.split("\t")) {
        int eq = field.indexOf('=');
        if (eq > 0) {
          m.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
        }
      }
      side.add(m);
    }
  }

  private Map<String, Double> bench(String name, String... params) {
    outer:
    for (Map.Entry<String, Map<String, Double>> e : jmh.entrySet()) {
      String[] words = e.getKey().split(" ");
      if (!words[0].equals(name)) {
        continue;
      }
      for (String p : params) {
        boolean found = false;
        for (String w : words) {
          found |= w.equals(p);
        }
        if (!found) {
          continue outer;
        }
      }
      return e.getValue();
    }
    return Map.of();
  }

  private List<Map<String, String>> side(String kind, Predicate<Map<String, String>> filter) {
    List<Map<String, String>> found = new ArrayList<>();
    for (Map<String, String> m : side) {
      if (kind.equals(m.get("kind")) && filter.test(m)) {
        found.add(m);
      }
    }
    return found;
  }

  private Map<String, String> first(String kind, Predicate<Map<String, String>> filter) {
    List<Map<String, String>> found = side(kind, filter);
    return found.isEmpty() ? Map.of() : found.get(found.size() - 1);
  }

  // ---- output -------------------------------------------------------------------------------

  private static String f(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static double get(Map<String, Double> m, String k) {
    Double v = m.get(k);
    return v == null ? Double.NaN : v;
  }

  private static double num(Map<String, String> m, String k) {
    String v = m.get(k);
    return v == null ? Double.NaN : parse(v);
  }

  private String markdown(String machine) {
    StringBuilder md = new StringBuilder();
    md.append("# liverec benchmark results\n\n");
    if (!machine.isBlank()) {
      md.append(machine.replace("\\n", "\n")).append("\n\n");
    }
    for (Map<String, String> load : side("load", m -> true)) {
      md.append("- load at ").append(load.get("phase")).append(": ").append(load.get("uptime"))
          .append('\n');
    }
    md.append('\n');
    targets(md);
    perFrame(md);
    extras(md);
    jobs(md);
    capacity(md);
    soak(md);
    md.append("\n![per-frame cost against pixel count](latency-vs-pixels.png)\n");
    md.append("![RSS against concurrent sessions](rss-vs-sessions.png)\n");
    md.append("![RSS against media duration](rss-vs-duration.png)\n");
    return md.toString();
  }

  private void perFrame(StringBuilder md) {
    md.append("\n## Per frame (JMH SampleTime)\n\n");
    md.append("mean = ms per frame (for `inFlight=4` the sustained cost per frame, 1/throughput); "
        + "p50/p99 = JMH's per-operation percentiles (for `inFlight=1`, hand-over to muxed); "
        + "stats p50/p99 = the session's own `frame_latency` (hand-over to muxed, warm-up "
        + "included, ~9% buckets); B/frame = `gc.alloc.rate.norm` (includes the harness's 128 B "
        + "`VideoFrame.wrap`).\n\n");
    md.append("| size | preset | contender | mean ms | ops/s | p50 ms | p99 ms | vs floor | "
        + "stats p50/p99 ms | B/frame |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String size : SIZES) {
      for (String preset : PRESETS) {
        Map<String, Double> floor =
            bench("EncoderFloorBenchmark.encode", "size=" + size, "preset=" + preset,
                "frames=owned");
        double floorMean = get(floor, "mean");
        row(md, size, preset, "floor (bare libx264)", floor, floorMean, "");
        for (String format : new String[] {"I420", "BGR24"}) {
          for (int inFlight : new int[] {1, 4}) {
            Map<String, Double> s = bench("SessionBenchmark.frame", "size=" + size,
                "preset=" + preset, "format=" + format, "inFlight=" + inFlight, "observer=false");
            Map<String, String> st = first("session", m -> size.equals(m.get("size"))
                && preset.equals(m.get("preset")) && format.equals(m.get("format"))
                && String.valueOf(inFlight).equals(m.get("inFlight"))
                && "false".equals(m.get("observer")));
            String stats = st.isEmpty() ? "" : f(num(st, "latencyP50Ms"), 1) + " / "
                + f(num(st, "latencyP99Ms"), 1);
            row(md, size, preset, "liverec " + format + (inFlight == 1 ? " latency" : " throughput"),
                s, floorMean, stats);
          }
        }
        for (String format : new String[] {"I420", "BGR24"}) {
          row(md, size, preset, "JavaCV " + format,
              bench("JavaCvBenchmark.record", "size=" + size, "preset=" + preset,
                  "format=" + format), floorMean, "");
        }
      }
    }
  }

  private void row(StringBuilder md, String size, String preset, String who,
      Map<String, Double> m, double floorMean, String stats) {
    if (m.isEmpty()) {
      return;
    }
    double mean = get(m, "mean");
    md.append("| ").append(size).append(" | ").append(preset).append(" | ").append(who)
        .append(" | ").append(f(mean, 2)).append(" | ").append(f(1000 / mean, 0)).append(" | ")
        .append(f(get(m, "p0.50"), 2)).append(" | ").append(f(get(m, "p0.99"), 2)).append(" | ")
        .append(who.startsWith("floor") ? "–" : pct(mean, floorMean)).append(" | ")
        .append(stats).append(" | ").append(f(get(m, "gc.alloc.rate.norm"), 0)).append(" |\n");
  }

  private static String pct(double value, double reference) {
    if (Double.isNaN(value) || Double.isNaN(reference)) {
      return "–";
    }
    double p = (value / reference - 1) * 100;
    return (p >= 0 ? "+" : "") + f(p, 1) + "%";
  }

  private void extras(StringBuilder md) {
    md.append("\n## Variants at 1080p veryfast (separate JMH invocation)\n\n");
    md.append("| variant | mean ms | p50 ms | p99 ms | vs floor | B/frame |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    double floorMean = get(bench("EncoderFloorBenchmark.encode", "size=1920x1080",
        "preset=veryfast", "frames=owned"), "mean");
    extra(md, "floor, frames wrapped (FFmpeg copies them in send_frame)",
        bench("EncoderFloorBenchmark.encode", "size=1920x1080", "preset=veryfast",
            "frames=wrapped"), floorMean);
    for (int inFlight : new int[] {1, 4}) {
      extra(md, "liverec BGR24 converted on a separate thread (prototype), inFlight=" + inFlight,
          bench("SessionBenchmark.frame", "size=1920x1080", "preset=veryfast",
              "format=BGR24_STAGED", "inFlight=" + inFlight), floorMean);
    }
    extra(md, "liverec I420 throughput + one no-op Metrics observer",
        bench("SessionBenchmark.frame", "size=1920x1080", "preset=veryfast", "format=I420",
            "inFlight=4", "observer=true"), floorMean);
    extra(md, "harness only: VideoFrame.wrap + close (ns, not ms)",
        bench("HandOverBaselineBenchmark.wrapAndClose"), Double.NaN);
  }

  private void extra(StringBuilder md, String what, Map<String, Double> m, double floorMean) {
    if (m.isEmpty()) {
      return;
    }
    double mean = get(m, "mean");
    md.append("| ").append(what).append(" | ").append(f(mean, 2)).append(" | ")
        .append(f(get(m, "p0.50"), 2)).append(" | ").append(f(get(m, "p0.99"), 2)).append(" | ")
        .append(pct(mean, floorMean)).append(" | ").append(f(get(m, "gc.alloc.rate.norm"), 0))
        .append(" |\n");
  }

  private void jobs(StringBuilder md) {
    List<Map<String, String>> jobs = side("job", m -> true);
    List<Map<String, String>> cli = side("cli", m -> true);
    if (jobs.isEmpty() && cli.isEmpty()) {
      return;
    }
    md.append("\n## Whole recording jobs, one process each (1080p veryfast, 600 frames)\n\n");
    md.append("| impl | input | source | ms/frame | encode ms | CPU ms | RSS frames ready MiB | "
        + "peak RSS MiB | peak - ready MiB |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, String> j : jobs) {
      md.append("| ").append(j.get("impl")).append(" | ").append(j.get("format")).append(" | ")
          .append(j.get("source")).append(" | ").append(j.get("msPerFrame")).append(" | ")
          .append(j.get("encodeMs")).append(" | ").append(j.get("cpuMs")).append(" | ")
          .append(j.get("readyRssMb")).append(" | ").append(j.get("peakRssMb")).append(" | ")
          .append(f(num(j, "peakRssMb") - num(j, "readyRssMb"), 1)).append(" |\n");
    }
    if (!cli.isEmpty()) {
      md.append("\nWhole-process time, same raw file in /dev/shm (`/usr/bin/time`):\n\n");
      md.append("| process | input | wall s | user s | sys s | max RSS MiB |\n"
          + "|---|---|---:|---:|---:|---:|\n");
      for (Map<String, String> c : cli) {
        md.append("| ").append(c.get("tool")).append(" | ").append(c.get("format")).append(" | ")
            .append(c.get("wallS")).append(" | ").append(c.get("userS")).append(" | ")
            .append(c.get("sysS")).append(" | ").append(f(num(c, "maxRssKb") / 1024, 0))
            .append(" |\n");
      }
    }
  }

  private void capacity(StringBuilder md) {
    List<Map<String, String>> rows = side("capacity", m -> true);
    if (rows.isEmpty()) {
      return;
    }
    md.append("\n## Capacity: concurrent real-time sessions (").append(rows.get(0).get("size"))
        .append(" 30 fps ").append(rows.get(0).get("preset")).append(", ")
        .append(rows.get(0).get("seconds")).append(" s measured per step)\n\n");
    md.append("| sessions | frames in | dropped | behind at end | CPU % of all cores | "
        + "peak RSS MiB | worst p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, String> c : rows) {
      md.append("| ").append(c.get("sessions")).append(" | ").append(c.get("received"))
          .append(" | ").append(c.get("dropped")).append(" | ").append(c.get("behindAtEnd"))
          .append(" | ").append(c.get("cpuPct")).append(" | ").append(c.get("peakRssMb"))
          .append(" | ").append(c.get("worstP99Ms")).append(" |\n");
    }
  }

  private void soak(StringBuilder md) {
    Map<String, String> s = first("soak", m -> true);
    if (s.isEmpty()) {
      return;
    }
    md.append("\n## Soak (one session, ").append(s.get("size")).append(' ')
        .append(s.get("preset")).append(", virtual clock, ").append(s.get("mediaMinutes"))
        .append(" min of media in ").append(f(num(s, "wallMs") / 1000, 0)).append(" s)\n\n");
    md.append("| start RSS | RSS at ref (").append(s.get("refS")).append(" s) | peak | end | "
        + "end vs ref | slope after ref | frames | dropped | state |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    md.append("| ").append(s.get("startRssMb")).append(" | ").append(s.get("refRssMb"))
        .append(" | ").append(s.get("peakRssMb")).append(" | ").append(s.get("endRssMb"))
        .append(" | ").append(s.get("endVsRefPct")).append("% | ")
        .append(s.get("slopeMbPerHour")).append(" MiB/h | ").append(s.get("framesWritten"))
        .append(" | ").append(s.get("dropped")).append(" | ").append(s.get("state")).append(" |\n");
  }

  private void targets(StringBuilder md) {
    md.append("## Targets (issue 7), 1080p veryfast\n\n| target | measured | met? |\n|---|---|---|\n");
    double floor = get(bench("EncoderFloorBenchmark.encode", "size=1920x1080", "preset=veryfast",
        "frames=owned"), "mean");
    Map<String, Double> i420 = bench("SessionBenchmark.frame", "size=1920x1080",
        "preset=veryfast", "format=I420", "inFlight=4", "observer=false");
    Map<String, Double> bgr = bench("SessionBenchmark.frame", "size=1920x1080",
        "preset=veryfast", "format=BGR24", "inFlight=4", "observer=false");
    Map<String, Double> i420Lat = bench("SessionBenchmark.frame", "size=1920x1080",
        "preset=veryfast", "format=I420", "inFlight=1", "observer=false");
    Map<String, Double> bgrLat = bench("SessionBenchmark.frame", "size=1920x1080",
        "preset=veryfast", "format=BGR24", "inFlight=1", "observer=false");
    double jcvI420 = get(bench("JavaCvBenchmark.record", "size=1920x1080", "preset=veryfast",
        "format=I420"), "mean");
    double jcvBgr = get(bench("JavaCvBenchmark.record", "size=1920x1080", "preset=veryfast",
        "format=BGR24"), "mean");
    double over = (get(i420, "mean") / floor - 1) * 100;
    target(md, "I420 at most 3% above the floor (JavaCV: " + pct(jcvI420, floor) + ")",
        f(get(i420, "mean"), 2) + " ms vs floor " + f(floor, 2) + " ms: " + pct(get(i420, "mean"),
            floor) + " (latency mode: " + pct(get(i420Lat, "mean"), floor) + ")", over <= 3);
    double overBgr = (get(bgr, "mean") / floor - 1) * 100;
    double speedup = jcvBgr / get(bgr, "mean");
    target(md, "BGR24 at most 8% above the floor and >= 1.15x JavaCV BGR24",
        f(get(bgr, "mean"), 2) + " ms: " + pct(get(bgr, "mean"), floor) + "; JavaCV BGR24 "
            + f(jcvBgr, 2) + " ms (" + pct(jcvBgr, floor) + "): " + f(speedup, 2) + "x",
        overBgr <= 8 && speedup >= 1.15);
    for (String format : new String[] {"I420", "BGR24"}) {
      Map<String, String> ours = first("job", m -> "liverec".equals(m.get("impl"))
          && format.equals(m.get("format")) && "ring".equals(m.get("source")));
      Map<String, String> theirs = first("job", m -> "javacv".equals(m.get("impl"))
          && format.equals(m.get("format")) && "ring".equals(m.get("source")));
      if (!ours.isEmpty() && !theirs.isEmpty()) {
        double o = num(ours, "peakRssMb");
        double t = num(theirs, "peakRssMb");
        double oNet = o - num(ours, "readyRssMb");
        double tNet = t - num(theirs, "readyRssMb");
        target(md, "peak RSS of a 1080p " + format + " job at most half of JavaCV's",
            f(o, 0) + " MiB vs " + f(t, 0) + " MiB (" + f(o / t * 100, 0) + "%); above the "
                + "pre-generated frames: " + f(oNet, 0) + " vs " + f(tNet, 0) + " MiB ("
                + f(oNet / tNet * 100, 0) + "%)", o <= t / 2);
      }
    }
    Map<String, String> allocI420 = first("alloc", m -> "I420".equals(m.get("format")));
    Map<String, String> allocBgr = first("alloc", m -> "BGR24".equals(m.get("format")));
    double alloc = num(allocI420, "sessionThreadBytesPerFrame");
    double allocBgrB = num(allocBgr, "sessionThreadBytesPerFrame");
    target(md, "steady-state allocation under 256 B/frame",
        "session thread: " + f(alloc, 0) + " B/frame I420, " + f(allocBgrB, 0)
            + " B/frame BGR24 (AllocationProbe); whole JVM per JMH -prof gc: "
            + f(get(i420, "gc.alloc.rate.norm"), 0) + " / " + f(get(bgr, "gc.alloc.rate.norm"), 0)
            + " B/op, which includes JMH's own sampling and the harness's 128 B VideoFrame.wrap",
        alloc < 256 && allocBgrB < 256);
    double p99 = get(i420Lat, "p0.99");
    target(md, "p99 per-frame latency under 33 ms",
        "I420 " + f(p99, 1) + " ms, BGR24 " + f(get(bgrLat, "p0.99"), 1) + " ms (hand-over to "
            + "muxed, one frame in flight)", p99 < 33);
    List<Map<String, String>> cap = side("capacity", m -> true);
    if (!cap.isEmpty()) {
      int best = 0;
      for (Map<String, String> c : cap) {
        if ("0".equals(c.get("dropped")) && num(c, "behindAtEnd") <= 30) {
          best = Math.max(best, (int) num(c, "sessions"));
        } else {
          break;
        }
      }
      target(md, "at least 6 concurrent 720p30 veryfast sessions, zero drops",
          best + " sessions", best >= 6);
    }
    Map<String, String> soak = first("soak", m -> true);
    if (!soak.isEmpty()) {
      double d = num(soak, "endVsRefPct");
      target(md, "soak: end RSS within 5% of RSS at the reference point",
          soak.get("endRssMb") + " MiB vs " + soak.get("refRssMb") + " MiB at "
              + soak.get("refS") + " s (" + f(d, 1) + "%), slope " + soak.get("slopeMbPerHour")
              + " MiB/h over " + soak.get("mediaMinutes") + " min", Math.abs(d) <= 5);
    }
  }

  private static void target(StringBuilder md, String what, String measured, boolean met) {
    boolean measuredAtAll = !measured.contains("–") && !measured.contains("NaN");
    md.append("| ").append(what).append(" | ").append(measured).append(" | ")
        .append(!measuredAtAll ? "not measured" : met ? "met" : "**missed**").append(" |\n");
  }

  // ---- charts -------------------------------------------------------------------------------

  private void charts(Path out) throws IOException {
    XYChart latency = new XYChartBuilder().width(900).height(520)
        .title("Per-frame cost against pixel count").xAxisTitle("megapixels per frame")
        .yAxisTitle("ms per frame (mean)").build();
    for (String preset : PRESETS) {
      series(latency, "floor " + preset, "EncoderFloorBenchmark.encode", "mean", preset,
          "frames=owned");
      series(latency, "liverec I420 " + preset + " (latency)", "SessionBenchmark.frame", "mean",
          preset, "format=I420", "inFlight=1", "observer=false");
      series(latency, "liverec BGR24 " + preset + " (latency)", "SessionBenchmark.frame", "mean",
          preset, "format=BGR24", "inFlight=1", "observer=false");
      series(latency, "JavaCV BGR24 " + preset, "JavaCvBenchmark.record", "mean", preset,
          "format=BGR24");
    }
    save(latency, out.resolve("latency-vs-pixels.png"));

    List<Map<String, String>> cap = side("capacity", m -> true);
    XYChart rssSessions = new XYChartBuilder().width(900).height(520)
        .title("RSS against concurrent real-time sessions").xAxisTitle("sessions")
        .yAxisTitle("MiB").build();
    if (!cap.isEmpty()) {
      double[] x = cap.stream().mapToDouble(c -> num(c, "sessions")).toArray();
      rssSessions.addSeries("peak RSS (MiB)", x,
          cap.stream().mapToDouble(c -> num(c, "peakRssMb")).toArray());
      rssSessions.addSeries("CPU % of all cores", x,
          cap.stream().mapToDouble(c -> num(c, "cpuPct")).toArray());
    }
    save(rssSessions, out.resolve("rss-vs-sessions.png"));

    List<Map<String, String>> samples = side("soak-sample", m -> true);
    XYChart rssTime = new XYChartBuilder().width(900).height(520)
        .title("RSS against media duration (one 1080p session)").xAxisTitle("media minutes")
        .yAxisTitle("RSS MiB").build();
    if (!samples.isEmpty()) {
      rssTime.addSeries("RSS", samples.stream().mapToDouble(s -> num(s, "mediaS") / 60).toArray(),
          samples.stream().mapToDouble(s -> num(s, "rssMb")).toArray());
      rssTime.getStyler().setYAxisMin(0.0);
    }
    save(rssTime, out.resolve("rss-vs-duration.png"));
  }

  private void series(XYChart chart, String name, String bench, String metric, String preset,
      String... params) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (String size : SIZES) {
      String[] all = new String[params.length + 2];
      all[0] = "size=" + size;
      all[1] = "preset=" + preset;
      System.arraycopy(params, 0, all, 2, params.length);
      double y = get(bench(bench, all), metric);
      if (!Double.isNaN(y)) {
        int[] wh = TexturedFrames.parseSize(size);
        xs.add(wh[0] * (double) wh[1] / 1e6);
        ys.add(y);
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
  }

  private static void save(XYChart chart, Path file) throws IOException {
    if (chart.getSeriesCollection().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
