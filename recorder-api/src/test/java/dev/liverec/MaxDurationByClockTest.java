package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live recording's maximum duration holds by the clock too, on the fake encoder and muxer (no
 * native code): the fake "file" is the list of packets, each with its frame's timestamp.
 */
class MaxDurationByClockTest {
  private static final long INTERVAL_US = 33_333;
  private static final Duration MAX = Duration.ofMillis(600);

  @TempDir Path dir;
  private final FakeMedia media = new FakeMedia();
  private final Recorder recorder =
      Recorder.builder().encoderProvider(media).muxerProvider(media).build();
  private final FakeMedia.ManualSource source = new FakeMedia.ManualSource();
  private final AtomicInteger released = new AtomicInteger();

  private RecordingSession start(String name) {
    RecorderConfig config = RecorderConfig.builder(dir.resolve(name)).queueCapacity(500)
        .maxDuration(MAX).build();
    return recorder.newRecording(config, source).start();
  }

  /** Sends ten frames (300 ms of media) wrapping the test's own buffers, and their audio. */
  private void sendTenFramesThenNothing() {
    for (int i = 0; i < 10; i++) {
      long t = i * INTERVAL_US;
      ByteBuffer[] planes = {
          ByteBuffer.allocateDirect(64 * 48), ByteBuffer.allocateDirect(32 * 24),
          ByteBuffer.allocateDirect(32 * 24)};
      source.sink.onVideo(VideoFrame.wrap(PixelFormat.I420, 64, 48, planes,
          new int[] {64, 32, 32}, t, released::incrementAndGet));
      source.audio(t, 1600);
    }
  }

  private List<Long> ptsOf(int stream) {
    synchronized (media.written) {
      return media.written.stream().filter(w -> w.stream() == stream)
          .map(FakeMedia.Written::pts).toList();
    }
  }

  /**
   * Given a live source that sends 300 ms of frames and audio and then nothing, recorded with a
   * 600 ms limit, when the clock reaches 600 ms since the first frame, then the session ends by
   * itself, STOPPED, saying it ended by the clock; the last picture is encoded once more one
   * frame before 600 ms, the audio is filled with silence to 600 ms, and every frame the source
   * handed over was given back exactly once (the kept last picture is a pooled copy).
   */
  @Test
  void aLiveSourceThatWentQuietEndsByTheClockWithItsLastPictureHeld() {
    RecordingSession session = start("quiet.mp4");
    long started = System.nanoTime();
    sendTenFramesThenNothing();

    Optional<RecordingResult> ended = session.awaitResult(Duration.ofSeconds(3));

    assertThat(ended).as("ended by itself").isPresent();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    RecordingResult result = ended.get();
    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(tookMs).as("wall time to the end").isBetween(MAX.toMillis(), 1_500L);
    assertThat(result.endReason()).startsWith("reached 0.600 s by the clock; no video frame for "
        + "the last");
    List<Long> video = ptsOf(0);
    assertThat(video).hasSize(11);
    assertThat(video.get(9)).isEqualTo(9 * INTERVAL_US);
    assertThat(video.get(10)).as("the held picture, one frame before the end")
        .isEqualTo(600_000 - INTERVAL_US);
    assertThat(result.stats().silenceFramesWritten()).as("silence after the source went quiet")
        .isPositive();
    assertThat(result.mediaDuration()).isEqualTo(MAX);
    assertThat(released).as("every frame given back once").hasValue(10);
    assertThat(source.closed).isTrue();
  }

  /**
   * Given the same quiet source declared not live (a file read at its own pace), when the clock
   * passes the limit by a second, then the session is still recording; stopping it ends the file
   * at the last real frame, with nothing held and no end reason.
   */
  @Test
  void aNonLiveSourceIsNeverEndedByTheClock() {
    source.live = false;
    RecordingSession session = start("not-live.mp4");
    sendTenFramesThenNothing();

    Optional<RecordingResult> early = session.awaitResult(MAX.plusSeconds(1));
    RecordingResult result = session.stop();

    assertThat(early).as("still recording a second past the limit").isEmpty();
    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(result.endReason()).isNull();
    List<Long> video = ptsOf(0);
    assertThat(video).hasSize(10);
    assertThat(video.get(9)).isEqualTo(9 * INTERVAL_US);
    assertThat(released).as("every frame given back once").hasValue(10);
  }

  /**
   * Given a live source that keeps sending, when its media reaches the limit, then the media-time
   * rule ends it to the frame (18 frames of 33.3 ms), nothing is held, and the reason says media.
   */
  @Test
  void flowingFramesEndByMediaTimeAsBefore() {
    RecordingSession session = start("flowing.mp4");
    for (int i = 0; i < 30; i++) {
      source.video(i * INTERVAL_US);
    }

    RecordingResult result = session.awaitResult(Duration.ofSeconds(3)).orElseThrow();

    assertThat(result.endReason()).isEqualTo("reached 0.600 s of media");
    assertThat(ptsOf(0)).hasSize(18).last().isEqualTo(17 * INTERVAL_US);
  }
}
