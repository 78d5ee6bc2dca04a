package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shared {@link Recorder} per process, as an application uses it: built once with its
 * providers, metrics and defaults, it starts many recordings from small per-recording settings
 * and, at shutdown, stops what still records.
 */
class RecorderTest {
  @TempDir Path dir;
  private final FakeMedia media = new FakeMedia();

  @Test
  void everyRecordingStartsFromTheRecordersDefaultsAndKeepsItsOwnOutput() {
    try (Recorder recorder = Recorder.builder().encoderProvider(media).muxerProvider(media)
        .defaults(RecorderConfig.builder().preset(Preset.FAST).layout(FileLayout.REGULAR)
            .stopTimeout(Duration.ofSeconds(2)))
        .build()) {
      RecorderConfig a = recorder.newConfig(dir.resolve("a.mp4")).build();
      RecorderConfig b = recorder.newConfig(dir.resolve("b.mp4")).preset(Preset.ULTRAFAST).build();

      assertThat(a.preset()).isEqualTo(Preset.FAST);
      assertThat(a.layout()).isEqualTo(FileLayout.REGULAR);
      assertThat(a.stopTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(a.name()).isEqualTo("a");
      assertThat(b.preset()).as("a recording may override a default").isEqualTo(Preset.ULTRAFAST);
      assertThat(b.output()).isEqualTo(dir.resolve("b.mp4"));
      assertThat(recorder.newConfig(dir.resolve("c.mp4")).build().preset())
          .as("overriding changed no default").isEqualTo(Preset.FAST);
    }
  }

  @Test
  void settingsWithoutAnOutputAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> RecorderConfig.builder().build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("Recorder.newConfig(Path)");
  }

  @Test
  void eachRecordingGetsItsOwnObserverFromTheSharedMetricsProvider() {
    List<String> observed = new CopyOnWriteArrayList<>();
    AtomicInteger frames = new AtomicInteger();
    try (Recorder recorder = Recorder.builder().encoderProvider(media).muxerProvider(media)
        .addMetrics(name -> {
          observed.add(name);
          return new Metrics() {
            @Override
            public void frameReceived(TrackKind kind) {
              frames.incrementAndGet();
            }
          };
        })
        .build()) {
      for (String name : List.of("one", "two")) {
        FakeMedia.ManualSource source = new FakeMedia.ManualSource();
        RecordingSession session = recorder.newRecording(
            recorder.newConfig(dir.resolve(name + ".mp4")).build(), source).start();
        source.video(0);
        source.video(33_333);
        assertThat(session.stop().state()).isEqualTo(RecordingState.STOPPED);
      }
    }
    assertThat(observed).containsExactly("one", "two");
    assertThat(frames).hasValue(4);
  }

  @Test
  void closingTheRecorderStopsWhatStillRecordsAndRefusesNewRecordings() {
    Recorder recorder = Recorder.builder().encoderProvider(media).muxerProvider(media).build();
    FakeMedia.ManualSource running = new FakeMedia.ManualSource();
    RecordingSession session = recorder.newRecording(
        recorder.newConfig(dir.resolve("running.mp4")).build(), running).start();
    running.video(0);
    FakeMedia.ManualSource finished = new FakeMedia.ManualSource();
    recorder.newRecording(recorder.newConfig(dir.resolve("done.mp4")).build(), finished)
        .start().stop();
    assertThat(recorder.recordings()).as("only what has not ended").containsExactly(session);

    recorder.close();

    assertThat(session.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(running.closed).as("its source was closed").isTrue();
    assertThat(recorder.recordings()).isEmpty();
    assertThatThrownBy(() -> recorder.newRecording(
        recorder.newConfig(dir.resolve("late.mp4")).build(), new FakeMedia.ManualSource()))
        .isInstanceOf(IllegalRecorderStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aDerivedRecorderSharesTheProvidersAndKeepsItsOwnDefaults() {
    try (Recorder base = Recorder.builder().encoderProvider(media).muxerProvider(media).build();
        Recorder fast = base.newBuilder()
            .defaults(RecorderConfig.builder().preset(Preset.ULTRAFAST)).build()) {
      assertThat(fast.encoderProvider()).isSameAs(base.encoderProvider());
      assertThat(fast.newConfig(dir.resolve("x.mp4")).build().preset())
          .isEqualTo(Preset.ULTRAFAST);
      assertThat(base.newConfig(dir.resolve("x.mp4")).build().preset())
          .isEqualTo(Preset.VERYFAST);
    }
  }
}
