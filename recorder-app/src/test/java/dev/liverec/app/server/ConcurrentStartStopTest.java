package dev.liverec.app.server;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given one mint_id, when 20 clients call start and stop on it at the same moment, 100 rounds in a
 * row, then every answer comes within 3 s and is 200, 404 or 409 (never 500), no thread outlives
 * the server (the process's threads are counted before and after), and every "recording started"
 * names a file that FFmpeg decodes.
 */
class ConcurrentStartStopTest {
  private static final int CALLERS = 20;
  private static final int ROUNDS = 100;
  private static final String ID = "race_id";
  /**
   * No caller waits for another's recording: a start or stop that queued behind a session's whole
   * stop would take its stop timeout (5 s) or more. Typically the slowest answer is ~100-300 ms;
   * the bound leaves room for a 2-core machine shared with other builds (1 s failed there).
   */
  private static final long SLOWEST_ANSWER_MS = 3_000;

  @TempDir Path root;

  private record Call(boolean start, int status, long millis, String output, String reason) {}

  @Test
  void parallelStartsAndStopsOfOneIdAnswerFastAndLeaveNothingBehind() throws Exception {
    ThreadPoolExecutor callers = (ThreadPoolExecutor) Executors.newFixedThreadPool(CALLERS,
        r -> new Thread(r, "test-caller"));
    callers.prestartAllCoreThreads();
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    List<Call> calls = new ArrayList<>();
    RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, root.resolve("recordings")),
        SyntheticSourceFactory.endless(160, 120, 15));
    try {
      ApiClient api = new ApiClient(server.port());
      // Warm: the first session of a JVM loads FFmpeg's native libraries, which is not the race.
      assertThat(api.start(ID).status()).isEqualTo(200);
      assertThat(api.stop(ID).status()).isEqualTo(200);
      Random random = new Random(14);
      for (int round = 0; round < ROUNDS; round++) {
        calls.addAll(round(api, callers, random));
      }
      assertThat(api.stop(ID).status()).isIn(200, 404);
      assertThat(api.get("/api/recording/active").body().path("count").asInt()).isZero();
      assertThat(threadsNamed("liverec-" + ID)).as("session threads after the last stop")
          .isEmpty();
    } finally {
      server.close();
    }

    System.out.printf("%d calls: slowest %d ms, %d started, %d stopped, %d conflicts%n",
        calls.size(), calls.stream().mapToLong(Call::millis).max().orElse(0),
        calls.stream().filter(c -> c.start() && c.status() == 200).count(),
        calls.stream().filter(c -> !c.start() && c.status() == 200).count(),
        calls.stream().filter(c -> c.status() == 409).count());
    List<Call> slow = calls.stream().filter(c -> c.millis() >= SLOWEST_ANSWER_MS).toList();
    assertThat(slow).as("answers of %d ms or more", SLOWEST_ANSWER_MS).isEmpty();
    List<Call> bad = calls.stream().filter(c -> c.status() != 200 && c.status() != 404
        && c.status() != 409).toList();
    assertThat(bad).as("answers other than 200, 404, 409").isEmpty();
    List<String> started = calls.stream().filter(c -> c.start() && c.status() == 200)
        .map(Call::output).toList();
    assertThat(started).as("starts that succeeded").isNotEmpty();
    assertThat(calls.stream().filter(c -> !c.start() && c.status() == 200)).isNotEmpty();

    assertThat(awaitNoNewThreads(before)).as("threads left behind").isEmpty();
    callers.shutdownNow();

    for (String output : started) {
      assertThatRecording(Path.of(output)).hasVideoStream("h264").decodesWithoutErrors();
    }
  }

  private static List<Call> round(ApiClient api, ExecutorService callers, Random random)
      throws Exception {
    List<Boolean> kinds = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      kinds.add(i % 2 == 0);
    }
    Collections.shuffle(kinds, random);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Call>> futures = new ArrayList<>();
    for (boolean start : kinds) {
      futures.add(callers.submit(() -> {
        go.await();
        long t0 = System.nanoTime();
        ApiClient.Response r = start ? api.start(ID) : api.stop(ID);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Call(start, r.status(), ms, r.body().path("output_path").asText(""),
            r.reason());
      }));
    }
    go.countDown();
    List<Call> calls = new ArrayList<>();
    for (Future<Call> f : futures) {
      calls.add(f.get(30, TimeUnit.SECONDS));
    }
    return calls;
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  /**
   * Threads alive now that were not before the server started, waiting up to 15 s for them to
   * end. The JDK's own helpers (HTTP client, common pool, process reaper) and JavaCPP's one
   * deallocator thread per JVM (started when FFmpeg's libraries first load) are not the server's.
   */
  private static List<String> awaitNoNewThreads(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<String> extra;
    do {
      ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String n = t.getName();
        if (t.isAlive() && !before.contains(t) && !n.startsWith("HttpClient-")
            && !n.startsWith("ForkJoinPool.commonPool") && !n.equals("process reaper")
            && !n.equals("JavaCPP Deallocator")) {
          names.add(n);
        }
      }
      extra = names.stream().sorted().collect(Collectors.toList());
      if (extra.isEmpty()) {
        return extra;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return extra;
  }
}
