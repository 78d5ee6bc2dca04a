package dev.liverec.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the test pattern's sync markers in a file with the {@code ffmpeg} command-line tool
 * (Debian's package), independently of liverec's own decoding: a flash is a frame whose mean luma
 * ({@code signalstats} YAVG) rises above 200, a beep is the moment the 1 kHz band's level, in
 * 1 ms windows, rises above -25 dBFS. Each marker is reported once, at its onset, in seconds of
 * the file's own presentation time ({@code -copyts}: the edit list that hides the AAC encoder's
 * priming leaves the audio track's first, silent packet at -21.3 ms, and without {@code -copyts}
 * the ffmpeg tool would shift every stream by that much to start its output at 0).
 */
public final class CliMarkers {
  private static final double FLASH_LUMA = 200;
  private static final double BEEP_DBFS = -25;
  private static final long TIMEOUT_SECONDS = 300;

  private CliMarkers() {}

  /** Whether an {@code ffmpeg} binary is on the PATH. */
  public static boolean available() {
    return FfmpegCli.available();
  }

  /** Onsets of white flashes, in seconds. */
  public static List<Double> flashes(Path file) {
    return onsets(run(file, "-an", "-vf",
        "signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-"), FLASH_LUMA);
  }

  /** Onsets of 1 kHz beeps, in seconds. */
  public static List<Double> beeps(Path file) {
    return onsets(run(file, "-vn", "-af",
        "pan=mono|c0=c0,bandpass=f=1000:width_type=h:w=100,asetnsamples=n=48:p=0,"
            + "astats=metadata=1:reset=1,"
            + "ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file=-"), BEEP_DBFS);
  }

  /** Parses metadata=print output ("frame:.. pts_time:T" then "key=V") into rising edges. */
  private static List<Double> onsets(List<String> lines, double threshold) {
    List<Double> onsets = new ArrayList<>();
    double time = Double.NaN;
    boolean above = false;
    for (String line : lines) {
      int at = line.indexOf("pts_time:");
      if (at >= 0) {
        time = Double.parseDouble(line.substring(at + 9).trim().split("\\s+")[0]);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || Double.isNaN(time)) {
        continue;
      }
      double value = parse(line.substring(eq + 1));
      boolean now = value > threshold;
      if (now && !above) {
        onsets.add(time);
      }
      above = now;
    }
    return onsets;
  }

  private static double parse(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return Double.NEGATIVE_INFINITY; // "-inf" for digital silence
    }
  }

  private static List<String> run(Path file, String... filter) {
    List<String> args = new ArrayList<>(List.of("-copyts", "-i",
        file.toAbsolutePath().toString()));
    args.addAll(List.of(filter));
    args.addAll(List.of("-f", "null", "-"));
    return FfmpegCli.run(Duration.ofSeconds(TIMEOUT_SECONDS), args.toArray(String[]::new));
  }

}
