package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingState;
import dev.liverec.loopback.LoopbackLiveKitServer;
import dev.liverec.testkit.ProcessMemory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A busy room's data channels over a long recording: the server sends 100 messages of 256 bytes
 * a second (chat, agents, transcripts) for ten minutes while we record. Every message is read
 * (none queues up unread), the recording is unaffected, and memory does not grow with the
 * traffic: the slope of this JVM's memory in use (native memory plus live heap, sampled after a
 * collection every 10 s) after a two-minute warm-up stays under 1 MB per minute. Soak only: {@code mvn -B -ntp -pl livekit-loopback -am verify -Psoak
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LiveKitDataSoakTest}; length in minutes with
 * {@code -Dliverec.livekit.data.minutes=N} (default 10).
 */
@Tag("soak")
class LiveKitDataSoakTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitDataSoakTest.class);
  private static final int MESSAGES_PER_SECOND = 100;
  private static final long WARM_UP_MILLIS = 120_000;

  @TempDir Path dir;

  @Test
  void aBusyDataChannelIsReadToTheEndWithoutGrowingMemory() throws Exception {
    int minutes = Integer.getInteger("liverec.livekit.data.minutes", 10);
    Path out = dir.resolve("data-soak.mp4");
    List<ProcessMemory.Sample> samples = new ArrayList<>();
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source = new LiveKitFrameSource(LoopbackFixture.source(server).build())) {
      server.sendData(MESSAGES_PER_SECOND, 256);
      long[] nextSample = {0};
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofMinutes(minutes), elapsed -> {
            if (elapsed.toMillis() >= nextSample[0]) {
              nextSample[0] += 10_000;
              // After a collection, so that the heap counts live objects, not garbage not yet
              // collected (the 384 MB test heap can go minutes without a collection).
              System.gc();
              samples.add(new ProcessMemory.Sample(elapsed.toMillis(),
                  ProcessMemory.inUseBytes()));
            }
          });
      server.stopData();

      List<ProcessMemory.Sample> afterWarmUp = samples.stream()
          .filter(s -> s.elapsedMillis() >= WARM_UP_MILLIS).toList();
      double slopeMbPerMinute = ProcessMemory.slopeBytesPerMinute(afterWarmUp) / 1e6;
      log.info("data soak {} min: {} messages, {} bytes, slope {} MB/min over {} samples; {}",
          minutes, run.status().dataMessages(), run.status().dataBytes(),
          String.format(java.util.Locale.ROOT, "%.3f", slopeMbPerMinute), afterWarmUp.size(),
          run.status());

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      long expected = (long) MESSAGES_PER_SECOND * minutes * 60;
      assertThat(run.status().dataMessages()).as("messages read of about %d sent", expected)
          .isGreaterThanOrEqualTo(Math.round(expected * 0.95));
      assertThat(run.status().reconnects()).isZero();
      assertThat(slopeMbPerMinute).as("memory slope after warm-up, MB per minute")
          .isLessThan(1.0);
      assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(500));
    }
  }
}
