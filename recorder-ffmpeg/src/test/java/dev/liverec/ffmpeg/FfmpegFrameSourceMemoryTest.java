package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.DiscardingSink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every native thing an {@link FfmpegFrameSource} opens (demuxer, decoders, packets, frames,
 * converters, the interrupt token) is freed once, whichever way the source ends: a file read to
 * its end, a source closed while it reads, a listener closed while it waits. Run each path many
 * times; the process must not grow with the number of runs.
 */
@Timeout(180)
class FfmpegFrameSourceMemoryTest {
  private static final int WARM_UP = 10;
  private static final int RUNS = 40;
  /** A leak of one demuxer and H.264 decoder per run would be several MB per run. */
  private static final long ALLOWED_GROWTH = 24L << 20;

  @TempDir Path dir;

  @Test
  void openingReadingAndClosingManyTimesDoesNotGrowTheProcess() {
    FfmpegProcess.assumeInstalled();
    Path input = FfmpegProcess.writeFile(dir, "input", 320, 240, 30);
    long start = 0;
    for (int run = 0; run < WARM_UP + RUNS; run++) {
      if (run == WARM_UP) {
        System.gc();
        start = ScenarioRecording.memoryBytes();
      }
      readToEnd(input);
      closeWhileReading(input);
      closeWhileListening();
    }
    System.gc();
    long growth = ScenarioRecording.memoryBytes() - start;
    System.out.printf("memory after %d runs of each path: %+.1f MB%n", RUNS, growth / 1e6);
    assertThat(growth).isLessThan(ALLOWED_GROWTH);
  }

  private static void readToEnd(Path input) {
    DiscardingSink sink = new DiscardingSink();
    try (FfmpegFrameSource source = FfmpegFrameSource.builder(input.toString()).build()) {
      source.start(sink);
      awaitEvent(sink, SourceEvent.EndOfStream.class);
    }
  }

  private static void closeWhileReading(Path input) {
    DiscardingSink sink = new DiscardingSink();
    try (FfmpegFrameSource source = FfmpegFrameSource.builder(input.toString()).build()) {
      source.start(sink);
      awaitEvent(sink, SourceEvent.VideoSize.class);
    }
  }

  private static void closeWhileListening() {
    int port = FfmpegProcess.freeTcpPort();
    try (FfmpegFrameSource source = FfmpegFrameSource.builder("rtmp://127.0.0.1:" + port
        + "/live/key?listen").build()) {
      source.start(new DiscardingSink());
      FfmpegProcess.awaitBound(port, false, Duration.ofSeconds(30));
    }
  }

  private static void awaitEvent(DiscardingSink sink, Class<? extends SourceEvent> kind) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (sink.events().stream().noneMatch(kind::isInstance)) {
      assertThat(System.nanoTime()).as("waiting for %s; got %s", kind.getSimpleName(),
          sink.events()).isLessThan(end);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
