package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liverec.MediaException;
import dev.liverec.OutputNotWritableException;
import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults from outside: a full disk, a missing folder, a failing encoder, a peer that goes silent. */
class FaultsTest {
  @TempDir Path dir;

  private static Scenario scenario(Duration length) {
    return Scenario.builder().name("fault").size(640, 360).play(length).build();
  }

  @Test
  void aFullDiskEndsFailedNamingTheCauseKeepsWhatIsWrittenAndOtherSessionsGoOn() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
        small.toString()).inheritIO().start();
    assertThat(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0)
        .as("mounting a 2 MB tmpfs (the test runs as root, as CI does)").isTrue();
    try {
      Path full = small.resolve("full.mp4");
      Path other = dir.resolve("other.mp4");
      RecordingSession filling = RecordingSession.create(
          RecorderConfig.builder(full).videoBitRate(4_000_000).build(),
          scenario(Duration.ofSeconds(30)).source(SourceClock.VIRTUAL));
      RecordingSession healthy = RecordingSession.create(RecorderConfig.builder(other).build(),
          scenario(Duration.ofSeconds(6)).source(SourceClock.VIRTUAL));
      filling.start();
      healthy.start();

      RecordingResult failed = filling.awaitResult(Duration.ofSeconds(60)).orElseThrow();
      RecordingResult ok = healthy.awaitResult(Duration.ofSeconds(60)).orElseThrow();

      assertThat(failed.state()).isEqualTo(RecordingState.FAILED);
      assertThat(failed.failureReason()).contains("No space left on device");
      assertThatRecording(full).hasVideoStream("h264").isPlayableUntil(Duration.ofSeconds(1));
      assertThat(ok.succeeded()).as("the other session is unaffected").isTrue();
      assertThatRecording(other).decodesWithoutErrors()
          .hasDurationCloseTo(Duration.ofSeconds(6), Duration.ofMillis(56));
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor(10,
          TimeUnit.SECONDS);
    }
  }

  @Test
  void aMissingFolderOrOneThatIsAFileFailsAtStartAndCreatesNothing() throws Exception {
    Path missing = dir.resolve("gone/out.mp4");
    RecordingSession a = RecordingSession.create(RecorderConfig.builder(missing).build(),
        SyntheticSource.builder().build());
    assertThatThrownBy(a::start).isInstanceOf(OutputNotWritableException.class)
        .hasMessageContaining("does not exist");
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    RecordingSession b = RecordingSession.create(
        RecorderConfig.builder(file.resolve("out.mp4")).build(), SyntheticSource.builder().build());
    assertThatThrownBy(b::start).isInstanceOf(OutputNotWritableException.class);
    RecordingSession c = RecordingSession.create(
        RecorderConfig.builder(Path.of("/proc/liverec-out.mp4")).build(),
        SyntheticSource.builder().build());
    assertThatThrownBy(c::start).as("a read-only file system, even for root")
        .isInstanceOf(OutputNotWritableException.class);
    assertThat(Files.exists(dir.resolve("gone"))).isFalse();
    assertThat(a.state()).isEqualTo(RecordingState.FAILED);
  }

  @Test
  void anEncoderErrorMidStreamEndsFailedWithTheCauseAndTheFileSoFarDecodes() {
    Path out = dir.resolve("encoder-error.mp4");
    RecorderConfig config = RecorderConfig.builder(out).build();
    try (Recorder failing = Recorder.builder()
            .encoderProvider(new FailingEncoders(new FfmpegEncoderProvider(), 90)).build();
        RecordingSession session = failing.newRecording(config,
            scenario(Duration.ofSeconds(10)).source(SourceClock.VIRTUAL))) {
      session.start();
      RecordingResult result = session.awaitResult(Duration.ofSeconds(30)).orElseThrow();
      assertThat(result.state()).isEqualTo(RecordingState.FAILED);
      assertThat(result.failureReason()).contains("injected encoder failure at frame 91");
    }
    assertThatRecording(out).hasVideoStream("h264").decodesWithoutErrors()
        .hasVideoFramesBetween(80, 90);
  }

  @Test
  void aPeerThatGoesSilentIsReportedAsStalledTheFileStaysValidAndStopIsPrompt() throws Exception {
    Path out = dir.resolve("stalled.mp4");
    SilentAfter source = new SilentAfter(scenario(Duration.ofSeconds(3)).source(SourceClock.REAL));
    RecorderConfig config =
        RecorderConfig.builder(out).stallTimeout(Duration.ofMillis(500)).build();
    try (RecordingSession session = RecordingSession.create(config, source)) {
      session.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!session.status().stats().stalled() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(session.status().stats().stalled()).as("stall reported").isTrue();
      assertThat(session.state()).isEqualTo(RecordingState.RECORDING);
      assertThatRecording(out).as("playable while stalled, before stop")
          .isPlayableUntil(Duration.ofMillis(1_900));

      long started = System.nanoTime();
      RecordingResult result = session.stop();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(result.succeeded()).isTrue();
    }
    assertThatRecording(out).decodesWithoutErrors()
        .hasDurationCloseTo(Duration.ofSeconds(3), Duration.ofMillis(56));
  }

  /** Passes frames on, swallows the end of stream: the peer just stops sending. */
  private static final class SilentAfter implements FrameSource {
    private final FrameSource delegate;

    SilentAfter(FrameSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(FrameSink sink) {
      delegate.start(new FrameSink() {
        @Override public void onVideo(VideoFrame frame) { sink.onVideo(frame); }
        @Override public void onAudio(dev.liverec.frame.AudioFrame frame) { sink.onAudio(frame); }
        @Override public void onEvent(dev.liverec.spi.SourceEvent event) {
          if (!(event instanceof dev.liverec.spi.SourceEvent.EndOfStream)) {
            sink.onEvent(event);
          }
        }
        @Override public dev.liverec.frame.FramePool pool() { return sink.pool(); }
      });
    }

    @Override public String describe() { return "silent after " + delegate.describe(); }
    @Override public void close() { delegate.close(); }
  }

  /** The real encoders, except that video fails after {@code frames} frames. */
  private record FailingEncoders(EncoderProvider real, int frames) implements EncoderProvider {
    @Override public String name() { return "failing"; }

    @Override
    public dev.liverec.spi.VideoScaler openScaler(int width, int height,
        dev.liverec.frame.FramePool pool) {
      return real.openScaler(width, height, pool);
    }

    @Override
    public AudioEncoder openAudio(AudioEncoderSettings settings) {
      return real.openAudio(settings);
    }

    @Override
    public VideoEncoder openVideo(VideoEncoderSettings settings) {
      VideoEncoder encoder = real.openVideo(settings);
      return new VideoEncoder() {
        int count;

        @Override
        public int encode(VideoFrame frame, long ptsUs, PacketSink sink) {
          if (++count > frames) {
            throw new MediaException("injected encoder failure at frame " + count);
          }
          return encoder.encode(frame, ptsUs, sink);
        }

        @Override public String name() { return encoder.name(); }
        @Override public StreamDescriptor descriptor() { return encoder.descriptor(); }
        @Override public void drain(PacketSink sink) { encoder.drain(sink); }
        @Override public void close() { encoder.close(); }
      };
    }
  }
}
