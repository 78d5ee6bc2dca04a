package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.spi.SourceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a session can end, on a fake encoder and muxer: whichever path it takes, the state
 * ends final, the source is closed, everything opened is closed and the result is completed
 * once, with the typed cause when it failed.
 */
class SessionLifecycleTest {
  @TempDir Path dir;
  private final FakeMedia media = new FakeMedia();
  private final Recorder recorder =
      Recorder.builder().encoderProvider(media).muxerProvider(media).build();
  private final FakeMedia.ManualSource source = new FakeMedia.ManualSource();

  @AfterEach
  void releaseLatches() {
    release(source.holdStart);
    release(source.holdClose);
  }

  private static void release(CountDownLatch latch) {
    if (latch != null) {
      latch.countDown();
    }
  }

  private RecorderConfig.Builder config(String name) {
    return RecorderConfig.builder(dir.resolve(name)).queueCapacity(500);
  }

  @Test
  void aFailureAfterStartClosesTheSourceWithoutAnyStop() {
    RecordingSession session = recorder.newRecording(config("fail.mp4").build(), source);
    session.start();
    source.video(0);

    source.sink.onEvent(SourceEvent.failed("upstream gone", new MediaException("decoder died")));

    RecordingResult result = session.result().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
        .join();
    assertThat(result.state()).isEqualTo(RecordingState.FAILED);
    assertThat(result.failure()).as("the typed cause survives").isInstanceOf(MediaException.class)
        .hasMessage("decoder died");
    assertThat(source.closed).as("the session closed its source by itself").isTrue();
    assertThat(media.closed).isEqualTo(media.opened);
  }

  @Test
  void aStopDuringStartWaitsForTheStartThenStops() throws Exception {
    source.holdStart = new CountDownLatch(1);
    RecordingSession session = recorder.newRecording(config("starting.mp4").build(), source);
    CompletableFuture<RecordingSession> starting = CompletableFuture.supplyAsync(session::start);
    assertThat(source.startEntered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(session.state()).isEqualTo(RecordingState.STARTING);

    CompletableFuture<RecordingResult> stopping = CompletableFuture.supplyAsync(session::stop);
    waitFor(() -> session.state() == RecordingState.STOPPING);
    source.holdStart.countDown();

    RecordingResult result = stopping.get(10, TimeUnit.SECONDS);
    assertThat(starting.get(10, TimeUnit.SECONDS)).isSameAs(session);
    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(session.state()).as("start did not overwrite the stop").isEqualTo(RecordingState.STOPPED);
    assertThat(source.closed).isTrue();
  }

  @Test
  void stopIsBoundedEvenWhenTheSourceCloseHangs() {
    source.holdClose = new CountDownLatch(1);
    RecordingSession session = recorder.newRecording(
        config("hang.mp4").stopTimeout(Duration.ofMillis(800)).build(), source);
    session.start();
    source.video(0);

    long started = System.nanoTime();
    RecordingResult result = session.stop();
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(media.finished).as("the file is complete although the source hangs").isTrue();
    assertThat(tookMs).as("stop within its timeout (plus scheduling slack)").isLessThan(3_000);
  }

  @Test
  void closeBeforeStartEndsStoppedClosesTheSourceAndCompletesTheResult() {
    RecordingSession session = recorder.newRecording(config("never.mp4").build(), source);

    session.close();

    assertThat(session.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(source.closed).isTrue();
    RecordingResult result = session.result().toCompletableFuture().getNow(null);
    assertThat(result).as("completed at once").isNotNull();
    assertThat(result.stats().videoFramesWritten()).isZero();
    assertThat(dir.resolve("never.mp4")).doesNotExist();
    assertThatThrownBy(session::start).isInstanceOf(IllegalSessionStateException.class);
  }

  @Test
  void aSecondSessionOnTheSamePathFailsAtStartAndTheFirstKeepsItsFile() {
    RecordingSession first = recorder.newRecording(config("same.mp4").build(), source);
    first.start();
    source.video(0);
    FakeMedia.ManualSource other = new FakeMedia.ManualSource();
    RecordingSession second = recorder.newRecording(config("same.mp4").build(), other);

    assertThatThrownBy(second::start).isInstanceOf(OutputNotWritableException.class)
        .hasMessageContaining("choose a new name");

    assertThat(second.state()).isEqualTo(RecordingState.FAILED);
    assertThat(other.closed).isTrue();
    assertThat(first.stop().state()).isEqualTo(RecordingState.STOPPED);
    assertThat(dir.resolve("same.mp4")).exists();
  }

  @Test
  void settingsTheEncoderRefusesFailInStartNotAtTheFirstFrame() {
    media.refuseVideo = new InvalidSettingException("the encoder refuses 1 fps");
    RecordingSession session = recorder.newRecording(config("refused.mp4").build(), source);

    assertThatThrownBy(session::start).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("refuses");

    assertThat(session.state()).isEqualTo(RecordingState.FAILED);
    assertThat(session.result().toCompletableFuture().getNow(null).failure())
        .isInstanceOf(InvalidSettingException.class);
    assertThat(source.closed).isTrue();
    assertThat(media.closed).isEqualTo(media.opened);
    assertThat(dir.resolve("refused.mp4")).as("the reserved path is released").doesNotExist();
  }

  @Test
  void aMisspeltPresetIsATypedErrorThatNamesTheChoices() {
    assertThatThrownBy(() -> config("p.mp4").preset("veryfsat"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'veryfsat' is not a preset").hasMessageContaining("ultrafast");
  }

  @Test
  void aSessionThatEndedByItselfCannotBeFailedAfterwards() {
    RecordingSession session = recorder.newRecording(config("ended.mp4").build(), source);
    session.start();
    source.video(0);
    source.sink.onEvent(SourceEvent.endOfStream("file ended"));
    RecordingResult result = session.awaitResult(Duration.ofSeconds(5)).orElseThrow();

    source.sink.onEvent(SourceEvent.failed("late failure", new IllegalStateException("late")));

    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(session.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(session.stop()).isSameAs(result);
  }

  @Test
  void badSettingsAreLiverecExceptionsNotIllegalArgument() {
    assertThatThrownBy(() -> config("x.mp4").frameRate(0)).isInstanceOf(LiverecException.class);
    assertThat(Files.exists(dir.resolve("x.mp4"))).isFalse();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
