package dev.liverec.livekit;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecordingState;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.RecordingAssert;
import dev.liverec.testkit.SyncReport;
import dev.liverec.loopback.LoopbackLiveKitServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio clock over a long LiveKit recording. webrtc-java 0.14's headless audio device pulls
 * audio slower than real time; this run measures that drift and shows the recording stays in sync
 * to the end anyway. Soak only: {@code mvn -B -ntp -pl recorder-livekit -am verify -Psoak
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LiveKitSoakTest}; length in minutes with
 * {@code -Dliverec.livekit.soak.minutes=N} (default 30). Writes
 * {@code target/livekit-soak-<N>min.csv}: one row per 10 s with the drift and the corrections.
 */
@Tag("soak")
class LiveKitSoakTest {
  private static final Logger log = LoggerFactory.getLogger(LiveKitSoakTest.class);

  @TempDir Path dir;

  @Test
  void staysInSyncWhileTheAudioDeviceDrifts() throws Exception {
    int minutes = Integer.getInteger("liverec.livekit.soak.minutes", 30);
    Path out = dir.resolve("soak.mp4");
    Path csv = Path.of("target", "livekit-soak-" + minutes + "min.csv");
    Files.createDirectories(csv.getParent());
    try (LoopbackLiveKitServer server = LoopbackFixture.server();
        LiveKitFrameSource source =
            new LiveKitFrameSource(LoopbackFixture.source(server).build());
        PrintWriter rows = new PrintWriter(Files.newBufferedWriter(csv))) {
      rows.println("elapsed_s,audio_drift_ppm,audio_clock_offset_ms,audio_shift_ms,"
          + "video_frames,audio_chunks,packets_lost,jitter_ms");
      long[] nextRow = {0};
      LoopbackFixture.Run run = LoopbackFixture.record(server, source, out,
          Duration.ofMinutes(minutes), elapsed -> {
            if (elapsed.toSeconds() >= nextRow[0]) {
              nextRow[0] += 10;
              ConnectionStatus s = source.connectionStatus();
              rows.printf(Locale.ROOT, "%d,%.0f,%.1f,%.1f,%d,%d,%d,%.1f%n", elapsed.toSeconds(),
                  s.audioDriftPpm(), s.audioClockOffsetMs(), s.audioDelayCompensationMs(),
                  s.videoFramesReceived(), s.audioChunksReceived(), s.packetsLost(), s.jitterMs());
              rows.flush();
            }
          });

      assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
      RecordingAssert recording = assertThatRecording(out);
      ProbeReport report = recording.report();
      SyncReport sync =
          LiveKitRecordingTest.syncAfter(report, LiveKitRecordingTest.WARM_UP_SECONDS);
      List<Double> offsets = sync.offsetsMillis();
      log.info("soak {} min: {} | drift {} ppm | first offsets {} | last offsets {} | {}", minutes,
          report.summary(), Math.round(run.status().audioDriftPpm()),
          offsets.subList(0, Math.min(5, offsets.size())),
          offsets.subList(Math.max(0, offsets.size() - 5), offsets.size()), run.status());
      recording.hasVideoStream("h264").hasAudioStream("aac").decodesWithoutErrors()
          .hasDurationCloseTo(run.recorded(), Duration.ofMillis(250))
          .hasAudioAndVideoEndingWithin(Duration.ofMillis(100));
      long published = run.framesPublished();
      assertThat(report.videoFrameCount()).as("decoded frames vs %d published", published)
          .isBetween(Math.round(published * 0.98), Math.round(published * 1.02));
      assertThat(sync.pairCount()).as("markers").isGreaterThan(minutes * 55);
      assertThat(sync.maxAbsOffsetMillis()).as("largest A/V offset over %d min", minutes)
          .isLessThanOrEqualTo(LiveKitRecordingTest.MAX_SYNC_MS);
    } catch (IOException e) {
      throw new AssertionError("cannot write " + csv, e);
    }
  }
}
