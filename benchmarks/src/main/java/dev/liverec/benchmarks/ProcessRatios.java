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
 * Whole-process cost of recording one file: {@code liverec record --source url:FILE} against
 * Debian's {@code ffmpeg} command line with the same encoder settings, on the same input, in
 * alternating processes. liverec runs twice per round: through its launcher {@code
 * recorder-app/bin/liverec} ("liverec": the JVM options it sets, its class-data archive made in
 * the warm-up round) and as a bare {@code java -jar liverec.jar} ("liverec-jar": the JVM's
 * defaults); each is a ratio to the CLI of the same round, as is the {@code ffmpeg} program of
 * liverec's own FFmpeg 8.1 build ("ffmpeg-8-bytedeco": the same libav* and libx264 liverec
 * links), which separates the build's share of a gap from liverec's.
 *
 * <p>The input is generated once by {@code ffmpeg}: {@code testsrc2} with temporal noise (so the
 * encoder has real work), {@code seconds} long at {@code size}, 30 fps, stored as raw I420 video
 * in NUT, and removed at the end ({@code input=} names an existing file instead, kept). Both
 * recorders decode it, encode it with libx264 ({@code preset}, {@code tune=zerolatency}, the bit rate and GOP of {@link
 * BenchSettings}, no B-frames, threads left to libx264) and write a fragmented MP4. Each run is
 * wrapped in GNU {@code /usr/bin/time}, which reports the child's wall time, user + system CPU
 * and peak RSS exactly (from {@code wait4}); the order alternates each round. The first {@code
 * warmup} rounds (page cache, the launcher's class-data archive) are not counted. The outputs
 * of the first counted round are checked with {@code ffprobe} to hold every input frame.
 *
 * <p>Arguments: {@code jar=recorder-app/target/liverec.jar launcher=(bin/liverec beside the
 * jar's target directory) size=1920x1080 seconds=20 preset=veryfast rounds=8 warmup=1
 * dir=/dev/shm out=target/bench/process-ratios}.
 */
public final class ProcessRatios {
  /**
   * The contenders, each a ratio to Debian's CLI: liverec through its launcher, liverec as bare
   * {@code java -jar}, and the {@code ffmpeg} program of the very FFmpeg 8 build liverec runs
   * on (bytedeco's, with its libx264), which tells how much of a gap is the build's, not liverec's.
   */
  static final List<String> LIVEREC = List.of("liverec", "liverec-jar", "ffmpeg-8-bytedeco");

  /**
   * Ratios to the ffmpeg CLI per liverec contender ({@link #LIVEREC}: {wall, CPU, peak RSS}),
   * and each tool's medians {wall s, CPU s, peak RSS MiB}.
   */
  public record Result(String size, int frames, Map<String, List<Ratio>> toCli,
      Map<String, double[]> medians) {
    /** The launcher's wall-time ratio. */
    public Ratio wall() {
      return toCli.get("liverec").get(0);
    }

    public Ratio cpu() {
      return toCli.get("liverec").get(1);
    }

    public Ratio peakRss() {
      return toCli.get("liverec").get(2);
    }
  }

  private ProcessRatios() {}

  public static void main(String[] args) throws Exception {
    run(RecordJob.args(args));
    System.exit(0);
  }

  /** The whole run; arguments as in the class comment. Writes rounds.tsv and ratios.md. */
  public static Result run(Map<String, String> a) throws Exception {
    Path jar = liverecJar(a);
    String size = a.getOrDefault("size", "1920x1080");
    int[] wh = TexturedFrames.parseSize(size);
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "20"));
    String preset = a.getOrDefault("preset", "veryfast");
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "8"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "1"));
    Path dir = Path.of(a.getOrDefault("dir",
        Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir")));
    Path out = Path.of(a.getOrDefault("out", "target/bench/process-ratios"));
    Files.createDirectories(out);
    int frames = (int) Math.round(seconds * BenchSettings.FRAME_RATE);
    Path input = a.containsKey("input") ? Path.of(a.get("input"))
        : dir.resolve("liverec-bench-" + size + "-" + frames + ".nut");
    // A file made here is removed at the end: it is large, and /dev/shm is the machine's memory.
    boolean made = !Files.isRegularFile(input);
    if (made) {
      generate(input, size, seconds, out.resolve("generate.log"));
    }
    Path liverecOut = dir.resolve("liverec-bench-liverec.mp4");
    Path cliOut = dir.resolve("liverec-bench-cli.mp4");
    Map<String, List<String>> commands = new LinkedHashMap<>();
    Path bareOut = dir.resolve("liverec-bench-liverec-jar.mp4");
    Path sameOut = dir.resolve("liverec-bench-cli8.mp4");
    List<String> record = List.of("record", "--source", "url:" + input.toAbsolutePath(),
        "--overwrite", "--preset", preset, "--fps", Integer.toString(BenchSettings.FRAME_RATE),
        "--output");
    Path cds = out.resolve("cds").toAbsolutePath();
    ChildProcesses.deleteTree(cds);
    List<String> launched = new ArrayList<>(List.of("env", "LIVEREC_JAR=" + jar,
        "LIVEREC_CDS_DIR=" + cds, launcher(a, jar).toString()));
    launched.addAll(record);
    launched.add(liverecOut.toString());
    List<String> bare = new ArrayList<>(List.of("java", "-jar", jar.toString()));
    bare.addAll(record);
    bare.add(bareOut.toString());
    commands.put("liverec", launched);
    commands.put("liverec-jar", bare);
    List<String> same = new ArrayList<>(cliCommand(input, sameOut, wh, preset));
    same.set(0, org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    commands.put("ffmpeg-8-bytedeco", same);
    commands.put("ffmpeg", cliCommand(input, cliOut, wh, preset));

    Map<String, List<double[]>> runs = new LinkedHashMap<>();
    commands.keySet().forEach(k -> runs.put(k, new ArrayList<>()));
    // Per liverec contender, per figure (wall, CPU, RSS): the rounds' ratios to the CLI.
    Map<String, List<List<Double>>> ratios = new LinkedHashMap<>();
    LIVEREC.forEach(k -> ratios.put(k, List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>())));
    try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("rounds.tsv")))) {
      tsv.println("round\tposition\ttool\twallS\tcpuS\tpeakRssMb");
      for (int round = -warmup; round < rounds; round++) {
        List<String> order = new ArrayList<>(commands.keySet());
        java.util.Collections.rotate(order, Math.floorMod(round, order.size()));
        if (Math.floorMod(round / order.size(), 2) == 1) {
          java.util.Collections.reverse(order);
        }
        Map<String, double[]> thisRound = new LinkedHashMap<>();
        for (int position = 0; position < order.size(); position++) {
          String tool = order.get(position);
          double[] m = ChildProcesses.timed(commands.get(tool), out.resolve(tool + ".log"));
          thisRound.put(tool, m);
          tsv.printf(Locale.ROOT, "%d\t%d\t%s\t%.3f\t%.3f\t%.1f%n", round, position, tool, m[0],
              m[1], m[2]);
          tsv.flush();
        }
        if (round == 0) {
          ChildProcesses.expectFrames(liverecOut, frames, "liverec");
          ChildProcesses.expectFrames(bareOut, frames, "liverec-jar");
          ChildProcesses.expectFrames(sameOut, frames, "ffmpeg-8-bytedeco");
          ChildProcesses.expectFrames(cliOut, frames, "ffmpeg");
        }
        if (round < 0) {
          continue;
        }
        double[] f = thisRound.get("ffmpeg");
        commands.keySet().forEach(k -> runs.get(k).add(thisRound.get(k)));
        for (String k : LIVEREC) {
          double[] l = thisRound.get(k);
          for (int figure = 0; figure < 3; figure++) {
            ratios.get(k).get(figure).add(l[figure] / f[figure]);
          }
        }
      }
    } finally {
      Files.deleteIfExists(liverecOut);
      Files.deleteIfExists(bareOut);
      Files.deleteIfExists(sameOut);
      Files.deleteIfExists(cliOut);
      if (made) {
        Files.deleteIfExists(input);
      }
    }
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (Map.Entry<String, List<double[]>> e : runs.entrySet()) {
      double[] m = new double[3];
      for (int k = 0; k < 3; k++) {
        int column = k;
        m[k] = Ratio.median(e.getValue().stream().map(v -> v[column]).toList());
      }
      medians.put(e.getKey(), m);
    }
    Map<String, List<Ratio>> toCli = new LinkedHashMap<>();
    ratios.forEach((k, v) -> toCli.put(k, v.stream().map(Ratio::of).toList()));
    Result result = new Result(size, frames, toCli, medians);
    String md = table(result, commands);
    Files.writeString(out.resolve("ratios.md"), md);
    System.out.print(md);
    return result;
  }

  /** recorder-app's fat jar named by {@code jar=} (default: the reactor's), which must exist. */
  static Path liverecJar(Map<String, String> a) {
    Path jar = Path.of(a.getOrDefault("jar", "recorder-app/target/liverec.jar")).toAbsolutePath()
        .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " is missing: build it with "
          + "`mvn -B -ntp -q -pl recorder-app -am package -DskipTests`");
    }
    return jar;
  }

  /** The launcher script: {@code launcher=}, else {@code bin/liverec} of the jar's module. */
  static Path launcher(Map<String, String> a, Path jar) {
    Path script = a.containsKey("launcher") ? Path.of(a.get("launcher"))
        : jar.getParent().resolveSibling("bin").resolve("liverec");
    if (!Files.isExecutable(script)) {
      throw new IllegalArgumentException(script + " is missing or not executable: it is "
          + "recorder-app/bin/liverec in the source tree (name it with launcher=)");
    }
    return script.toAbsolutePath().normalize();
  }

  /** Debian's ffmpeg with liverec's encoder settings (as {@code FfmpegVideoEncoder} opens x264). */
  static List<String> cliCommand(Path input, Path output, int[] wh, String preset) {
    long bitRate = BenchSettings.bitRate(wh[0], wh[1]);
    int gop = BenchSettings.gop();
    return List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
        "-i", input.toAbsolutePath().toString(), "-an", "-c:v", "libx264", "-preset", preset,
        "-tune", "zerolatency", "-b:v", Long.toString(bitRate),
        "-maxrate", Long.toString(bitRate * 3 / 2), "-bufsize", Long.toString(bitRate),
        "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-bf", "0",
        "-x264-params", BenchSettings.X264_PARAMS, "-pix_fmt", "yuv420p",
        "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
        "-frag_duration", "1000000", output.toString());
  }

  private static void generate(Path input, String size, double seconds, Path log)
      throws Exception {
    Path partial = input.resolveSibling(input.getFileName() + ".part.nut");
    List<String> command = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
        "-y", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + BenchSettings.FRAME_RATE
            + ",noise=alls=6:allf=t",
        "-t", Double.toString(seconds), "-pix_fmt", "yuv420p", "-c:v", "rawvideo",
        partial.toString());
    if (ChildProcesses.exec(command, log, 600) != 0) {
      throw new IllegalStateException("generating the input failed: see " + log);
    }
    Files.move(partial, input);
  }

  static String table(Result r, Map<String, List<String>> commands) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Input: %d frames of %s at %d fps (raw I420 in NUT); %d counted rounds. \"liverec\" is"
            + " the launcher `recorder-app/bin/liverec`, \"liverec-jar\" a bare `java -jar`,"
            + " \"ffmpeg-8-bytedeco\" the ffmpeg program of liverec's own FFmpeg 8.1 build.%n%n"
            + "| figure | contender | contender (median) | ffmpeg CLI (median) | contender / ffmpeg,"
            + " median [95%% interval] |%n|---|---|---|---|---|%n", r.frames(), r.size(),
        BenchSettings.FRAME_RATE, r.wall().rounds()));
    double[] f = r.medians().get("ffmpeg");
    String[] figures = {"wall time", "CPU time (user + sys)", "peak RSS"};
    String[] units = {"%.2f s", "%.2f s", "%.0f MiB"};
    for (int figure = 0; figure < 3; figure++) {
      for (String k : LIVEREC) {
        double[] l = r.medians().get(k);
        md.append(String.format(Locale.ROOT, "| %s | %s | " + units[figure] + " | "
            + units[figure] + " | %s |%n", figures[figure], k, l[figure], f[figure],
            r.toCli().get(k).get(figure)));
      }
    }
    md.append("\nCommands (each under `/usr/bin/time -f '%e %U %S %M'`):\n\n```\n");
    for (List<String> c : commands.values()) {
      md.append(String.join(" ", c)).append('\n');
    }
    return md.append("```\n").toString();
  }
}
