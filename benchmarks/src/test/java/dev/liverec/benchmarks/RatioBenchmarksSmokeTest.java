package dev.liverec.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Smoke versions of the three interleaved benchmarks of {@code benchmarks/run.sh}, at tiny sizes
 * and a few rounds, in the default {@code mvn verify}: each must produce figures of the right
 * shape (every contender, every round, finite medians inside their intervals). Nothing here
 * asserts a timing: on a shared 2-core machine a 320x180 round says nothing about speed.
 */
class RatioBenchmarksSmokeTest {
  private static final Path OUT = Path.of("target", "smoke");
  /** recorder-app's fat jar: built earlier in the reactor (recorder-app precedes benchmarks). */
  private static final Path JAR = Path.of("..", "recorder-app", "target", "liverec.jar");

  @Test
  void perFrameRatiosCoverEveryContenderInEveryRound() throws Exception {
    Path out = OUT.resolve("floor-ratios");
    List<FloorRatios.Result> results = FloorRatios.run(Map.of("sizes", "320x180",
        "preset", "ultrafast", "rounds", "3", "warmup", "1", "frames", "60",
        "out", out.toString()));

    assertEquals(FloorRatios.ALL, results.stream().map(FloorRatios.Result::contender).toList());
    for (FloorRatios.Result r : results) {
      assertTrue(r.medianMsPerFrame() > 0 && r.medianCpuMsPerFrame() > 0, r.toString());
      assertEquals(3, r.toFloor().rounds(), r.toString());
      assertInside(r.toFloor());
      assertInside(r.cpuToFloor());
    }
    // Packed-RGB contenders also have their ratio to the second reference (convert + encode).
    for (FloorRatios.Result r : results) {
      boolean packedRgb = r.contender().contains("BGR") && !r.contender().equals("floor-BGR24");
      assertEquals(packedRgb, r.cpuToBgrFloor() != null, r.toString());
      if (packedRgb) {
        assertInside(r.cpuToBgrFloor());
        assertInside(r.toBgrFloor());
      }
    }
    FloorRatios.Result floor = results.get(0);
    assertEquals(1.0, floor.toFloor().median(), 1e-9, "the floor is its own reference");
    List<String> rounds = Files.readAllLines(out.resolve("rounds.tsv"));
    assertEquals(1 + 3 * FloorRatios.ALL.size(), rounds.size(), String.join("\n", rounds));
    String md = Files.readString(out.resolve("ratios.md"));
    FloorRatios.ALL.forEach(c -> assertTrue(md.contains("| " + c + " |"), md));
    assertTrue(md.contains("CPU ratio to floor-BGR24"), md);
  }

  @Test
  void everySwscaleCandidateGetsASpeedRatioAndAColourErrorAtBothInputs() {
    List<ScalerFlags.Result> results = ScalerFlags.run(new int[] {64, 36}, new int[] {32, 18}, 3, 2);

    // recorder-libyuv is on this module's class path: its converter is one more candidate at the
    // same size.
    assertEquals(2 * ScalerFlags.CANDIDATES.size() + 1, results.size());
    assertTrue(results.stream().anyMatch(r -> r.flags().equals(ScalerFlags.CONVERTER)
        && r.input().startsWith("64x36 BGR24 -> 64x36")), results.toString());
    for (ScalerFlags.Result r : results) {
      assertTrue(r.medianMsPerFrame() > 0, r.toString());
      assertEquals(3, r.toBilinear().rounds(), r.toString());
      assertInside(r.toBilinear());
      assertTrue(r.psnrY() > 12 && r.psnrChroma() > 12, "a conversion, not noise: " + r);
    }
    assertEquals(1.0, results.get(0).toBilinear().median(), 1e-9, "bilinear is the reference");
  }

  @Test
  void wholeProcessRatiosComeFromBothToolsOnTheSameFile() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), JAR + " not built (run the reactor, or package "
        + "recorder-app first)");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "GNU time missing (apt-get install "
        + "time; .ci/run installs it)");
    Path out = OUT.resolve("process-ratios");
    ProcessRatios.Result result = ProcessRatios.run(Map.of("jar", JAR.toString(),
        "size", "160x90", "seconds", "1", "rounds", "1", "warmup", "0", "dir", out.toString(),
        "out", out.toString()));

    assertEquals(30, result.frames());
    // Both liverec contenders (the launcher, bare java -jar) have all three ratios to the CLI.
    assertEquals(ProcessRatios.LIVEREC, List.copyOf(result.toCli().keySet()));
    for (List<Ratio> figures : result.toCli().values()) {
      assertEquals(3, figures.size());
      for (Ratio r : figures) {
        assertEquals(1, r.rounds());
        assertTrue(r.median() > 0 && Double.isFinite(r.median()), r.toString());
      }
    }
    assertEquals(List.of("liverec", "liverec-jar", "ffmpeg-8-bytedeco", "ffmpeg"),
        List.copyOf(result.medians().keySet()));
    // The outputs were checked by ffprobe to hold every input frame (the run fails otherwise),
    // and the launcher left its class-data archive for the next run.
    List<String> rounds = Files.readAllLines(out.resolve("rounds.tsv"));
    assertEquals(5, rounds.size(), String.join("\n", rounds));
    try (var archives = Files.list(out.resolve("cds"))) {
      assertTrue(archives.anyMatch(p -> p.toString().endsWith(".jsa")), "no CDS archive");
    }
  }

  @Test
  void liveKitCapacityMeasuresOneRecordingThroughTheLoopbackServer() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), JAR + " not built (run the reactor, or package "
        + "recorder-app first)");
    Path tsv = OUT.resolve("livekit-capacity.tsv");
    List<LiveKitCapacity.Step> steps = LiveKitCapacity.run(Map.of("jar", JAR.toString(),
        "sizes", "320x180", "max", "1", "seconds", "1", "warmup", "0", "out", tsv.toString()));

    assertEquals(1, steps.size());
    LiveKitCapacity.Step step = steps.get(0);
    assertEquals("320x180", step.size());
    assertTrue(step.coresPerRecording() > 0, step.row());
    assertTrue(step.cpuSecondsPerRecordedSecond() > 0, step.row());
    // The smoke run records inside this test JVM, whose RSS other tests have grown and a GC may
    // shrink meanwhile: the per-recording figure can come out below zero here (the real run
    // records in a process of its own); only its presence is checked.
    assertTrue(Double.isFinite(step.rssMbPerRecording()), step.row());
    assertTrue(step.row().contains("peakRssMb="), step.row());
    assertTrue(step.minReceivedFps() > 0, step.row());
    assertTrue(step.serverCores() > 0, "the server's CPU is read from its own process: "
        + step.row());
    assertFalse(step.threadCores().isEmpty(), "where the recorder's CPU went, by thread: "
        + step.row());
    assertTrue(step.row().contains("threadCores="), step.row());
    assertFalse(Files.readString(tsv).isBlank());
  }

  @Test
  void ratioIntervalHoldsTheMedianAndCollapsesOnIdenticalRounds() {
    Ratio same = Ratio.of(List.of(1.02, 1.02, 1.02, 1.02));
    assertEquals(1.02, same.median(), 1e-12);
    assertEquals(1.02, same.low(), 1e-12);
    assertEquals(1.02, same.high(), 1e-12);

    Ratio spread = Ratio.of(List.of(0.90, 0.95, 1.00, 1.05, 1.10, 1.15, 1.20));
    assertEquals(1.05, spread.median(), 1e-12);
    assertInside(spread);
    assertTrue(spread.high() - spread.low() > 0.05, spread.toString());

    Ratio faster = Ratio.of(List.of(0.80, 0.82, 0.81, 0.79, 0.83));
    assertTrue(faster.belowOne(), "a contender whose every round is below the floor: " + faster);
    assertFalse(spread.belowOne(), spread.toString());
  }

  private static void assertInside(Ratio r) {
    assertTrue(r.low() <= r.median() && r.median() <= r.high(), r.toString());
    assertTrue(r.low() > 0, r.toString());
  }
}
