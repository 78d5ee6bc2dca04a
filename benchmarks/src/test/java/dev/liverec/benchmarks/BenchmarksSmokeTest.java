package dev.liverec.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI smoke mode: every JMH benchmark and the single-process tools (jobs, allocation, soak, LiveKit
 * memory) run once, very briefly, at a small size, in the default {@code mvn verify}. Checks that
 * they execute and produce output; asserts nothing about timing. The interleaved benchmarks of
 * {@code benchmarks/run.sh} have their own smoke versions in {@link RatioBenchmarksSmokeTest}.
 */
class BenchmarksSmokeTest {
  private static final Path OUT = Path.of("target", "smoke");

  @BeforeAll
  static void clean() throws Exception {
    Files.createDirectories(OUT);
    Files.deleteIfExists(OUT.resolve("sidecar.tsv"));
    System.setProperty("liverec.bench.sidecar", OUT.resolve("sidecar.tsv").toString());
  }

  @Test
  void everyJmhBenchmarkRunsOneShortIteration() throws Exception {
    // JavaCV takes I420 and BGR24 only; the session also takes the staged-conversion prototype.
    Collection<RunResult> results = run("(?!.*JavaCv).*", "I420", "BGR24", "BGR24_STAGED");
    results.addAll(run(".*JavaCvBenchmark.*", "I420", "BGR24"));
    // Session: 3 formats x 2 inFlight; floor: 2 frame kinds; JavaCV: 2 formats; baseline: 1.
    assertTrue(results.size() >= 11, "ran " + results.size() + " benchmarks");
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getSampleCount() > 0, r.getParams().getBenchmark());
    }
  }

  private static Collection<RunResult> run(String include, String... formats) throws Exception {
    Options options = new OptionsBuilder()
        .include("dev\\.liverec\\.benchmarks\\." + include)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(150))
        .timeout(TimeValue.seconds(60))
        .param("size", "320x180")
        .param("preset", "ultrafast")
        .param("format", formats)
        .param("inFlight", "1", "4")
        .param("frames", "owned", "wrapped")
        .shouldFailOnError(true)
        .build();
    return new java.util.ArrayList<>(new Runner(options).run());
  }

  @Test
  void jobsAllocationAndSoakRun() throws Exception {
    RecordJob.run(Map.of("impl", "liverec", "format", "BGR24", "size", "320x180",
        "frames", "20", "out", OUT.resolve("job-liverec.mp4").toString()));
    RecordJob.run(Map.of("impl", "javacv", "format", "I420", "size", "320x180",
        "frames", "20", "out", OUT.resolve("job-javacv.mp4").toString()));
    AllocationProbe.run(Map.of("size", "320x180", "preset", "ultrafast", "warmup", "30",
        "frames", "60"));
    Soak.run(Map.of("minutes", "0.6", "size", "320x180", "out",
        OUT.resolve("soak.tsv").toString()));
    String soak = Files.readString(OUT.resolve("soak.tsv"));
    assertTrue(soak.contains("kind=soak\t"), soak);
    assertTrue(Files.size(OUT.resolve("job-liverec.mp4")) > 0);
    assertTrue(Files.size(OUT.resolve("job-javacv.mp4")) > 0);
  }

  /** The LiveKit memory benchmark runs end to end: two interleaved rounds of 1 s recordings. */
  @Test
  void liveKitMemoryRuns() throws Exception {
    double[] perRecording = LiveKitMemory.run(Map.of("recordings", "2", "seconds", "1",
        "warmup", "0", "out", OUT.resolve("livekit-memory.tsv").toString()));
    String tsv = Files.readString(OUT.resolve("livekit-memory.tsv"));
    assertTrue(tsv.lines().filter(l -> l.contains("\tlivekit\t")).count() == 2, tsv);
    assertTrue(tsv.lines().filter(l -> l.contains("\treference\t")).count() == 2, tsv);
    assertTrue(Double.isFinite(perRecording[0]) && Double.isFinite(perRecording[1]), tsv);
  }
}
