package dev.liverec.benchmarks;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-frame cost of every contender as a ratio to the floor, measured interleaved in one JVM.
 *
 * <p>For each size, every contender is opened once on the same pre-generated {@link
 * TexturedFrames} (one set, both pixel layouts): the floor ({@link EncoderFloorBenchmark},
 * libx264 opened with the options {@code FfmpegVideoEncoder} uses, threads left to libx264 as
 * there, FFmpeg-owned frames), the floor on non-refcounted frames wrapped around the Java
 * buffers, liverec's {@link dev.liverec.RecordingSession} fed I420 and packed BGR24
 * ({@link SessionBenchmark}, four frames in flight) and JavaCV's {@code FFmpegFrameRecorder}
 * fed I420 and BGR24. Then rounds: in each, every contender encodes the same number of frames
 * (so each round holds the same keyframes for all), in an order that rotates from
 * round to round; a contender's time in a round divided by the floor's in the same round is
 * that round's ratio. The same is done with the process's CPU time during the contender's
 * part of the round (all threads: x264's, the session's), which outside load disturbs less than
 * wall time. Reported: the median ratios over the rounds with their bootstrap intervals ({@link
 * Ratio}), and each contender's median milliseconds per frame.
 *
 * <p>A contender whose whole interval (wall or CPU) lies below 1 is faster than the bare encoder it wraps:
 * that is a benchmark bug (the floor is not set up like the contender), and {@link #main} exits
 * with status 2 saying so. Arguments: {@code sizes=640x360,1280x720,1920x1080 preset=veryfast
 * rounds=25 warmup=2 frames=auto contenders=all out=target/bench/floor-ratios}.
 */
public final class FloorRatios {
  /** Every contender this harness knows, in report order; "floor" is the reference. */
  static final List<String> ALL = List.of("floor", "floor-wrapped", "floor-BGR24",
      "liverec-I420", "liverec-BGR24", "liverec-BGR24_SWSCALE", "javacv-I420", "javacv-BGR24");

  /**
   * Packed-RGB contenders get a second reference besides the floor: {@code floor-BGR24}, the
   * bare encoder behind the conversion a session would use (libyuv's with recorder-libyuv, as
   * here; else swscale's), on the same thread: work any recorder of a BGR source does. Their ratio to it is reported beside (never instead of) the ratio to the floor.
   */
  static final String BGR_FLOOR = "floor-BGR24";

  /**
   * One contender's figures at one size; for a packed-RGB contender also its ratios to {@link
   * #BGR_FLOOR} (null otherwise, or when that reference was not measured).
   */
  public record Result(String size, String preset, String contender, double medianMsPerFrame,
      Ratio toFloor, double medianCpuMsPerFrame, Ratio cpuToFloor,
      @org.jspecify.annotations.Nullable Ratio toBgrFloor,
      @org.jspecify.annotations.Nullable Ratio cpuToBgrFloor) {}

  private interface Round {
    void run(int frames) throws Exception;
  }

  private record Contender(String name, Round round, AutoCloseable closer) {}

  private FloorRatios() {}

  public static void main(String[] args) throws Exception {
    List<Result> results = run(RecordJob.args(args));
    List<Result> bugs = belowTheFloor(results);
    for (Result r : bugs) {
      System.err.printf(Locale.ROOT, "BENCHMARK BUG: %s at %s %s is faster than the bare encoder"
          + " (wall ratio %s, CPU ratio %s, CPU ratio to floor-BGR24 %s; an interval entirely"
          + " below 1): the floor is not set"
          + " up like it, or the rounds were disturbed; fix the harness before trusting any"
          + " figure%n",
          r.contender(), r.size(), r.preset(), r.toFloor(), r.cpuToFloor(), r.cpuToBgrFloor());
    }
    System.exit(bugs.isEmpty() ? 0 : 2);
  }

  /**
   * Contenders whose interval lies entirely below the floor, or (CPU) below {@link #BGR_FLOOR}.
   * Wall time against {@code floor-BGR24} is not checked: liverec converts on its scale stage's
   * thread beside the encoder, so its wall time may rightly beat a floor that converts and
   * encodes one after the other; its CPU time may not.
   */
  public static List<Result> belowTheFloor(List<Result> results) {
    return results.stream().filter(r -> !r.contender().equals("floor"))
        .filter(r -> r.toFloor().belowOne() || r.cpuToFloor().belowOne()
            || (r.cpuToBgrFloor() != null && r.cpuToBgrFloor().belowOne())).toList();
  }

  /** The whole run; arguments as in the class comment. Writes rounds.tsv and ratios.md. */
  public static List<Result> run(Map<String, String> a) throws Exception {
    String preset = a.getOrDefault("preset", "veryfast");
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "25"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    String framesArg = a.getOrDefault("frames", "auto");
    String wanted = a.getOrDefault("contenders", "all");
    List<String> contenders = wanted.equals("all") ? ALL : List.of(("floor," + wanted).split(","))
        .stream().distinct().toList();
    Path out = Path.of(a.getOrDefault("out", "target/bench/floor-ratios"));
    Files.createDirectories(out);
    List<Result> results = new ArrayList<>();
    try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("rounds.tsv")))) {
      tsv.println("size\tpreset\tround\tposition\tcontender\tmsPerFrame\tratioToFloor"
          + "\tcpuMsPerFrame\tcpuRatioToFloor");
      for (String size : a.getOrDefault("sizes", "1920x1080").split(",")) {
        int[] wh = TexturedFrames.parseSize(size);
        int frames = framesArg.equals("auto") ? autoFrames(wh) : Integer.parseInt(framesArg);
        results.addAll(measure(wh, preset, contenders, rounds, warmup, frames, tsv));
        tsv.flush();
      }
    }
    Files.writeString(out.resolve("ratios.md"), table(results));
    System.out.print(table(results));
    return results;
  }

  /**
   * Frames per contender per round: a multiple of half the GOP (every contender encodes the same
   * frame numbers in a round, so each round holds the same keyframes for all of them), about a
   * quarter of a second of encoding at 1080p on a quiet machine and as much work at smaller
   * sizes. Short rounds mean many rounds in the same time: a burst of outside load then spoils
   * few of them.
   */
  static int autoFrames(int[] wh) {
    int half = Math.max(1, BenchSettings.gop() / 2);
    double scale = 1920.0 * 1080 / ((double) wh[0] * wh[1]);
    return half * (int) Math.max(1, Math.min(8, Math.round(scale)));
  }

  private static List<Result> measure(int[] wh, String preset, List<String> names, int rounds,
      int warmup, int frames, PrintWriter tsv) throws Exception {
    String size = wh[0] + "x" + wh[1];
    System.out.printf(Locale.ROOT, "== %s %s: %d rounds of %d frames per contender, %s%n", size,
        preset, rounds, frames, names);
    TexturedFrames pictures = TexturedFrames.generate(wh[0], wh[1], true, true);
    List<Contender> open = new ArrayList<>();
    try {
      for (String name : names) {
        open.add(open(name, pictures, preset));
      }
      Map<String, List<Double>> ms = new LinkedHashMap<>();
      Map<String, List<Double>> ratios = new LinkedHashMap<>();
      Map<String, List<Double>> cpuMs = new LinkedHashMap<>();
      Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
      Map<String, List<Double>> bgrRatios = new LinkedHashMap<>();
      Map<String, List<Double>> cpuBgrRatios = new LinkedHashMap<>();
      for (String name : names) {
        ms.put(name, new ArrayList<>());
        ratios.put(name, new ArrayList<>());
        cpuMs.put(name, new ArrayList<>());
        cpuRatios.put(name, new ArrayList<>());
        bgrRatios.put(name, new ArrayList<>());
        cpuBgrRatios.put(name, new ArrayList<>());
      }
      int bgrFloor = names.indexOf(BGR_FLOOR);
      for (int round = -warmup; round < rounds; round++) {
        double[] perFrame = new double[open.size()];
        double[] cpuPerFrame = new double[open.size()];
        int[] positionOf = new int[open.size()];
        int shift = Math.floorMod(round, open.size());
        boolean reverse = Math.floorMod(round / open.size(), 2) == 1;
        for (int k = 0; k < open.size(); k++) {
          int position = reverse ? open.size() - 1 - k : k;
          int i = (position + shift) % open.size();
          positionOf[i] = k;
          long cpu0 = Proc.cpuNanos();
          long t0 = System.nanoTime();
          open.get(i).round().run(frames);
          perFrame[i] = (System.nanoTime() - t0) / 1e6 / frames;
          cpuPerFrame[i] = (Proc.cpuNanos() - cpu0) / 1e6 / frames;
        }
        if (round < 0) {
          continue;
        }
        for (int i = 0; i < open.size(); i++) {
          String name = open.get(i).name();
          ms.get(name).add(perFrame[i]);
          ratios.get(name).add(perFrame[i] / perFrame[0]);
          cpuMs.get(name).add(cpuPerFrame[i]);
          cpuRatios.get(name).add(cpuPerFrame[i] / cpuPerFrame[0]);
          if (bgrFloor >= 0) {
            bgrRatios.get(name).add(perFrame[i] / perFrame[bgrFloor]);
            cpuBgrRatios.get(name).add(cpuPerFrame[i] / cpuPerFrame[bgrFloor]);
          }
          tsv.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%s\t%.4f\t%.4f\t%.4f\t%.4f%n", size, preset,
              round, positionOf[i], name, perFrame[i], perFrame[i] / perFrame[0], cpuPerFrame[i],
              cpuPerFrame[i] / cpuPerFrame[0]);
        }
      }
      List<Result> results = new ArrayList<>();
      for (String name : names) {
        boolean packedRgb = bgrFloor >= 0 && name.contains("BGR") && !name.equals(BGR_FLOOR);
        results.add(new Result(size, preset, name, Ratio.median(ms.get(name)),
            Ratio.of(ratios.get(name)), Ratio.median(cpuMs.get(name)),
            Ratio.of(cpuRatios.get(name)), packedRgb ? Ratio.of(bgrRatios.get(name)) : null,
            packedRgb ? Ratio.of(cpuBgrRatios.get(name)) : null));
      }
      return results;
    } finally {
      for (Contender c : open) {
        c.closer().close();
      }
    }
  }

  private static Contender open(String name, TexturedFrames pictures, String preset)
      throws Exception {
    switch (name) {
      case "floor", "floor-wrapped", BGR_FLOOR -> {
        EncoderFloorBenchmark floor = new EncoderFloorBenchmark();
        floor.preset = preset;
        floor.frames = switch (name) {
          case "floor" -> "owned";
          case BGR_FLOOR -> "bgr24";
          default -> "wrapped";
        };
        floor.open(pictures);
        return new Contender(name, floor::encode, floor::close);
      }
      case "liverec-I420", "liverec-BGR24", "liverec-BGR24_SWSCALE", "liverec-BGR24_STAGED" -> {
        SessionBenchmark session = new SessionBenchmark();
        session.preset = preset;
        session.format = name.substring("liverec-".length());
        session.inFlight = 4;
        session.observer = false;
        session.open(pictures);
        return new Contender(name, session::frames, session::close);
      }
      case "javacv-I420", "javacv-BGR24" -> {
        JavaCvBenchmark javacv = new JavaCvBenchmark();
        javacv.preset = preset;
        javacv.format = name.substring("javacv-".length());
        javacv.open(pictures);
        return new Contender(name, javacv::record, javacv::close);
      }
      default -> throw new IllegalArgumentException("unknown contender " + name + "; known: "
          + ALL + " and liverec-BGR24_STAGED");
    }
  }

  /** The markdown table of {@code results}. */
  static String table(List<Result> results) {
    StringBuilder md = new StringBuilder(
        "| size | preset | contender | wall ms/frame | wall ratio to floor, median [95% interval] "
            + "| CPU ms/frame | CPU ratio to floor | rounds |\n|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      boolean floor = r.contender().equals("floor");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %.2f | %s | %d |%n",
          r.size(), r.preset(), r.contender(), r.medianMsPerFrame(),
          floor ? "1 (reference)" : r.toFloor().toString(), r.medianCpuMsPerFrame(),
          floor ? "1 (reference)" : r.cpuToFloor().toString(), r.toFloor().rounds()));
    }
    if (results.stream().anyMatch(r -> r.cpuToBgrFloor() != null)) {
      md.append("\nPacked-RGB contenders against the second reference, `").append(BGR_FLOOR)
          .append("` (the session's conversion, libyuv or swscale, + bare encoder on one thread),"
              + " same rounds:\n\n"
              + "| size | contender | wall ratio to floor-BGR24 | CPU ratio to floor-BGR24 |\n"
              + "|---|---|---|---|\n");
      for (Result r : results) {
        if (r.cpuToBgrFloor() != null) {
          md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.size(),
              r.contender(), r.toBgrFloor(), r.cpuToBgrFloor()));
        }
      }
    }
    return md.toString();
  }
}
