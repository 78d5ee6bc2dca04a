package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingState;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Done-when 6: sessions one after another leave no threads, native peers or sockets behind. */
class LiveKitLifecycleTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitLifecycleTest.class);

  @TempDir Path dir;

  @Test
  void fiveSequentialSessionsLeakNothing() throws Exception {
    try (LoopbackLiveKitServer server = LoopbackFixture.server()) {
      recordOnce(server, 0);
      List<String> threadsBefore = liveThreads();
      List<String> nonDaemonBefore = nonDaemon();
      long fdsBefore = openFileDescriptors();
      long osThreadsBefore = osThreads();
      for (int i = 1; i <= 5; i++) {
        recordOnce(server, i);
      }
      awaitQuiet(threadsBefore);
      List<String> threadsAfter = liveThreads();
      long fdsAfter = openFileDescriptors();
      long osThreadsAfter = osThreads();
      log.info("threads before {} after {}; OS threads before {} after {}; fds before {} after {}",
          threadsBefore.size(), threadsAfter.size(), osThreadsBefore, osThreadsAfter, fdsBefore,
          fdsAfter);
      assertThat(newThreads(threadsBefore)).as("threads of the sources and recordings")
          .noneMatch(n -> n.startsWith("liverec"));
      List<String> newNonDaemon = new ArrayList<>(nonDaemon());
      newNonDaemon.removeAll(nonDaemonBefore);
      assertThat(newNonDaemon)
          .as("new non-daemon threads after close (WebRTC attaches its threads as Thread-N)")
          .isEmpty();
      assertThat(threadsAfter.size()).as("live threads").isLessThanOrEqualTo(
          threadsBefore.size() + 2);
      assertThat(osThreadsAfter)
          .as("OS threads, native WebRTC threads included (a stack per session left 2 each)")
          .isLessThanOrEqualTo(osThreadsBefore + 2);
      assertThat(fdsAfter).as("open file descriptors (sockets)").isLessThanOrEqualTo(fdsBefore + 4);
      assertThat(server.subscriberCount()).as("server-side peers").isZero();
      assertThat(server.joins()).isEqualTo(6);
    }
  }

  private void recordOnce(LoopbackLiveKitServer server, int index) throws Exception {
    Path out = dir.resolve("seq" + index + ".mp4");
    LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server).build());
    LoopbackFixture.Run run = LoopbackFixture.record(server, source, out, Duration.ofSeconds(2),
        LoopbackFixture.Step.NOTHING);
    assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
    assertThat(source.connectionStatus().state()).isEqualTo(ConnectionStatus.State.CLOSED);
    assertThatRecording(out).hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors();
  }

  private static void awaitQuiet(List<String> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline
        && newThreads(before).stream().anyMatch(n -> n.startsWith("liverec"))) {
      Thread.sleep(50);
    }
  }

  /** Threads alive now that were not before (the server's own publisher thread is not new). */
  private static List<String> newThreads(List<String> before) {
    List<String> now = new ArrayList<>(liveThreads());
    before.forEach(now::remove);
    return now;
  }

  private static List<String> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }

  private static List<String> nonDaemon() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon()).map(Thread::getName).sorted().toList();
  }

  /** Every thread of the process, native ones that never touched Java included. */
  private static long osThreads() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.count();
    }
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
