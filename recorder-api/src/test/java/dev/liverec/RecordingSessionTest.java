package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.SourceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's rules, on a fake encoder and muxer (no native code). */
class RecordingSessionTest {
  @TempDir Path dir;
  private final FakeMedia media = new FakeMedia();
  private final Recorder recorder =
      Recorder.builder().encoderProvider(media).muxerProvider(media).build();
  private final FakeMedia.ManualSource source = new FakeMedia.ManualSource();

  private RecordingSession session(String name) {
    // A queue larger than any burst below: these tests are about ordering, not backpressure.
    RecorderConfig config = RecorderConfig.builder(dir.resolve(name))
        .queueCapacity(500).build();
    return recorder.newRecording(config, source);
  }

  @Test
  void walksNewStartingRecordingStoppingStopped() {
    RecordingSession session = session("a.mp4");
    assertThat(session.state()).isEqualTo(RecordingState.NEW);
    session.start();
    assertThat(session.state()).isEqualTo(RecordingState.RECORDING);
    source.video(0);
    RecordingResult result = session.stop();
    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(session.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(media.finished).isTrue();
    assertThat(source.closed).isTrue();
    assertThat(session.stop()).as("stop is idempotent").isSameAs(result);
  }

  @Test
  void refusesStopBeforeStartAndStartTwiceWithATypedError() {
    RecordingSession session = session("b.mp4");
    assertThatThrownBy(session::stop).isInstanceOf(IllegalSessionStateException.class)
        .hasMessageContaining("call start() first");
    session.start();
    assertThatThrownBy(session::start).isInstanceOf(IllegalSessionStateException.class)
        .hasMessageContaining("RECORDING");
    session.stop();
  }

  @Test
  void failsAtStartWhenTheFolderIsMissingAndCreatesNothing() {
    RecorderConfig config = RecorderConfig.builder(dir.resolve("missing/c.mp4"))
        .build();
    RecordingSession session = recorder.newRecording(config, source);
    assertThatThrownBy(session::start).isInstanceOf(OutputNotWritableException.class)
        .hasMessageContaining("does not exist");
    assertThat(session.state()).isEqualTo(RecordingState.FAILED);
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
  }

  @Test
  void anEncoderErrorEndsFailedWithTheCauseAndFreesEverything() {
    media.failAfterFrames = 3;
    RecordingSession session = session("d.mp4");
    session.start();
    for (int i = 0; i < 10; i++) {
      source.video(i * 33_333L);
    }
    RecordingResult result = session.awaitResult(Duration.ofSeconds(5)).orElseThrow();
    assertThat(result.state()).isEqualTo(RecordingState.FAILED);
    assertThat(result.failureReason()).contains("injected encoder failure");
    assertThat(media.closed).as("every encoder and the muxer closed").isEqualTo(media.opened)
        .isGreaterThanOrEqualTo(3);
    assertThat(media.finished).as("the file so far is finished").isTrue();
  }

  @Test
  void aSourceFailureEndsFailedWithItsReason() {
    RecordingSession session = session("e.mp4");
    session.start();
    source.video(0);
    source.sink.onEvent(SourceEvent.failed("peer vanished", new IllegalStateException("x")));
    RecordingResult result = session.awaitResult(Duration.ofSeconds(5)).orElseThrow();
    assertThat(result.state()).isEqualTo(RecordingState.FAILED);
    assertThat(result.failureReason()).contains("peer vanished");
  }

  @Test
  void keepsAudioRunningThroughAMuteSoBothTracksEndTogether() {
    RecordingSession session = session("f.mp4");
    session.start();
    long t = 0;
    for (int i = 0; i < 90; i++, t += 33_333) {
      if (i == 30) {
        source.sink.onEvent(SourceEvent.muted(TrackKind.AUDIO));
      }
      if (i == 60) {
        source.sink.onEvent(SourceEvent.unmuted(TrackKind.AUDIO));
      }
      source.video(t);
      if (i < 30 || i >= 60) {
        source.audio(t, 1600);
      }
    }
    RecordingResult result = session.stop();
    RecordingStats stats = result.stats();
    assertThat(stats.silenceFramesWritten()).as("silence while muted").isPositive();
    List<FakeMedia.Written> audio =
        media.written.stream().filter(w -> w.stream() == 1).toList();
    long audioEndUs = (audio.get(audio.size() - 1).pts() + 1024) * 1_000_000 / 48_000;
    assertThat(audioEndUs).isCloseTo(90 * 33_333L, org.assertj.core.data.Offset.offset(40_000L));
  }
}
