package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code experiments --fast --tests 1,3}: exit code, progress, and the report, CSV and charts. */
class ExperimentsCommandTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Pattern IMAGE_LINK = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)");

  @TempDir static Path root;
  private static Path out;
  private static int exitCode;
  private static String stderr;

  /**
   * Runs the command in its own JVM, as a user would: the memory it reports is its own process's,
   * whatever flags this test JVM runs with.
   */
  @BeforeAll
  static void runExperiments() throws Exception {
    out = root.resolve("results");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-Djava.awt.headless=true",
        "-Dliverec.logs=" + root.resolve("logs"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "experiments", "--fast", "--tests", "1,3", "--out", out.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(root.resolve("stderr.txt").toFile())
        .start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("experiments --fast --tests 1,3 took over 4 minutes");
    }
    exitCode = process.exitValue();
    stderr = Files.readString(root.resolve("stderr.txt"));
  }

  @Test
  void passesAndShowsAProgressBarPerTest() {
    assertThat(exitCode).as(stderr).isZero();
    assertThat(stderr).contains("Test 1", "Test 3", "[###", "PASS");
  }

  @Test
  void writesAReportWithEachTestsChecksAndDecodedFacts() throws Exception {
    String report = Files.readString(out.resolve("EXPERIMENT_RESULTS.md"));
    assertThat(report).startsWith("# Experiment Results")
        .contains("## Test 1: Basic Functionality (30 seconds)")
        .contains("## Test 3: Stress Test - Timestamp Gaps")
        .doesNotContain("## Test 2")
        .contains("| file size | 7-10 MB (ls -lh) |")
        .contains("| memory | < 500 MB RSS |")
        .contains("| zero_packet_streak |")
        .contains("| A/V offset |")
        .contains("| 0 | video | h264 | 1920x1080 |")
        .contains("| 1 | audio | aac | 48000 Hz x2 |")
        .contains("**Overall: PASS**");
    assertThat(report.lines().filter(l -> l.startsWith("| ") && l.endsWith("| FAIL |"))).isEmpty();
    assertThat(out.resolve("recordings/test1_basic.mp4")).isNotEmptyFile();
    assertThat(out.resolve("recordings/test3_gaps.mp4")).isNotEmptyFile();
  }

  @Test
  void writesTheGuidesMetricsCsv() throws Exception {
    for (String name : List.of("metrics.csv", "metrics-test1.csv", "metrics-test3.csv")) {
      List<String> lines = Files.readAllLines(out.resolve(name));
      assertThat(lines.get(0)).isEqualTo("Time,FileSize,Memory,Frames,Packets,Streak");
      assertThat(lines).as(name).hasSizeGreaterThanOrEqualTo(3);
      double previousTime = -1;
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        assertThat(cells).as(line).hasSize(6);
        double time = Double.parseDouble(cells[0]);
        long[] counters = Arrays.stream(cells).skip(1).mapToLong(Long::parseLong).toArray();
        assertThat(time).isGreaterThan(previousTime);
        assertThat(counters[1]).as("memory KB").isPositive();
        assertThat(counters[4]).as("streak").isZero();
        previousTime = time;
      }
      String[] last = lines.get(lines.size() - 1).split(",");
      assertThat(Long.parseLong(last[1])).as("file size").isPositive();
      assertThat(Long.parseLong(last[3])).as("packets").isPositive();
    }
    assertThat(Files.readAllLines(out.resolve("metrics.csv")))
        .isEqualTo(Files.readAllLines(out.resolve("metrics-test1.csv")));
  }

  @Test
  void drawsChartsAsValidPngsLinkedFromTheReport() throws Exception {
    String report = Files.readString(out.resolve("EXPERIMENT_RESULTS.md"));
    Matcher links = IMAGE_LINK.matcher(report);
    int charts = 0;
    while (links.find()) {
      Path chart = out.resolve(links.group(1));
      byte[] bytes = Files.readAllBytes(chart);
      assertThat(Arrays.copyOf(bytes, 8)).as(chart.toString()).isEqualTo(PNG_SIGNATURE);
      BufferedImage image = ImageIO.read(chart.toFile());
      assertThat(image).as(chart.toString()).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(400);
      assertThat(image.getHeight()).isGreaterThan(200);
      charts++;
    }
    assertThat(charts).isEqualTo(4);
  }

  @Test
  void rejectsATestTheGuideDoesNotHave() {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("experiments", "--fast", "--tests", "7", "--out",
        root.resolve("none").toString())).isEqualTo(2);
    assertThat(root.resolve("none")).doesNotExist();
  }
}
