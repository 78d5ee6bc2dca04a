package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.spi.FrameSource;
import dev.liverec.testkit.AudioReport;
import dev.liverec.testkit.ProbeReport;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.VideoReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RecorderConfig.maxDuration} for live sources holds by the clock too (issue #12, item 8):
 * a publisher that leaves for good no longer keeps the recording open forever. Each test records
 * in real time and judges the MP4 by decoding it with FFmpeg.
 */
class LiveMaxDurationTest {
  /** One frame at 30 fps. */
  private static final double ONE_FRAME_S = 1.0 / 30 + 0.0005;
  /** One frame plus AAC's priming shift, as in {@link MaxDurationTest}. */
  private static final Duration ONE_FRAME_AND_PRIMING = Duration.ofMillis(34 + 22);
  /** What the number row of a white sync flash reads as: every bit bright. */
  private static final long FLASH = (1L << 24) - 1;

  @TempDir Path dir;

  private record Run(RecordingResult result, long tookMillis) {}

  /**
   * Starts a recording of {@code source} limited to {@code max} and waits at most
   * {@code waitAtMost} from the start for it to end by itself.
   */
  private static Run record(FrameSource source, Path out, Duration max, Duration waitAtMost) {
    RecorderConfig config = RecorderConfig.builder(out).frameRate(30).maxDuration(max).build();
    try (RecordingSession session = RecordingSession.create(config, source)) {
      long started = System.nanoTime();
      session.start();
      Optional<RecordingResult> ended = session.awaitResult(waitAtMost);
      long took = (System.nanoTime() - started) / 1_000_000;
      assertThat(ended).as("the session ended by itself within %d ms", waitAtMost.toMillis())
          .isPresent();
      return new Run(ended.get(), took);
    }
  }

  private static double span(VideoReport video) {
    return video.endSeconds() - video.startSeconds();
  }

  private static double span(AudioReport audio) {
    return audio.endSeconds() - audio.startSeconds();
  }

  /** The frame numbers burned into the decoded pictures, in presentation order. */
  private static List<Long> numbers(List<DecodedMedia.Picture> pictures) {
    return pictures.stream().map(DecodedMedia.Picture::number).toList();
  }

  /** The numbers of frames 0 to count - 1 as the test pattern paints them (flashes read as -). */
  private static List<Long> numbersUpTo(int count, int frameRate) {
    return LongStream.range(0, count)
        .map(n -> n % frameRate == 0 ? FLASH : n).boxed().toList();
  }

  /**
   * Given a live source (the scenario on the real clock) that sends 2 s of frames and audio and
   * then nothing, as a LiveKit publisher that left, recorded with a 4 s limit; when the clock
   * passes 4 s since its first frame; then the session ends by itself (within 4.5 s of wall
   * time, STOPPED, saying it ended by the clock), and FFmpeg decodes a file whose video and audio
   * each last 4 s within one frame: the 60 real frames, then the last picture (frame 59) held to
   * the end by one repeat of it 2 s later, and the audio silent from 2 s on.
   *
   * <p>The scenario plays again after a minute only so that it does not end the stream itself: a
   * trailing gap would send end-of-stream at once.
   */
  @Test
  void aPublisherWhoLeftEndsByTheClockWithTheLastPictureHeldAndSilence() {
    Scenario leaves = Scenario.builder().name("publisher-leaves").size(640, 360).frameRate(30)
        .play(Duration.ofSeconds(2)).gap(Duration.ofSeconds(60)).play(Duration.ofSeconds(1))
        .build();
    Path out = dir.resolve("publisher-leaves.mp4");

    Run run = record(leaves.source(SourceClock.REAL), out, Duration.ofSeconds(4),
        Duration.ofMillis(4_500));

    RecordingResult result = run.result();
    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(run.tookMillis()).as("not before the limit").isGreaterThanOrEqualTo(4_000);
    assertThat(result.endReason())
        .startsWith("reached 4 s by the clock; no video frame for the last 2.");
    ProbeReport report = assertThatRecording(out)
        .hasVideoStream("h264").hasAudioStream("aac")
        .decodesWithoutErrors()
        .hasStrictlyIncreasingTimestamps()
        .hasVideoFrames(61)
        .hasDurationCloseTo(Duration.ofSeconds(4), ONE_FRAME_AND_PRIMING)
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(34))
        .isInSync(Duration.ofMillis(40))
        .report();
    VideoReport video = Objects.requireNonNull(report.video());
    AudioReport audio = Objects.requireNonNull(report.audio());
    assertThat(span(video)).as("video lasts 4 s").isCloseTo(4.0, within(ONE_FRAME_S));
    assertThat(span(audio)).as("audio lasts 4 s").isCloseTo(4.0, within(ONE_FRAME_S));
    assertThat(audio.decodedDurationSeconds()).as("audio without holes")
        .isCloseTo(span(audio), within(0.001));
    assertThat(report.sync().flashSeconds()).as("markers only while the source sent").hasSize(2);
    DecodedMedia decoded = DecodedMedia.decode(out);
    List<DecodedMedia.Picture> pictures = decoded.pictures();
    assertThat(numbers(pictures.subList(0, 60))).as("the real frames")
        .isEqualTo(numbersUpTo(60, 30));
    DecodedMedia.Picture held = pictures.get(60);
    assertThat(held.number()).as("the picture shown for the last 2 s").isEqualTo(59);
    assertThat(held.startSeconds() - pictures.get(59).startSeconds())
        .as("repeated one frame before the end").isCloseTo(2.0, within(0.002));
    assertThat(decoded.audioPeakBetween(0.2, 0.9)).as("the source's tone").isGreaterThan(0.02);
    assertThat(decoded.audioPeakBetween(2.1, 3.97)).as("silence after the source left")
        .isLessThan(0.001);
  }

  /**
   * Given the same live source with frames flowing the whole time; when its media reaches the
   * 4 s limit; then it ends by media time exactly as before the clock rule existed: 120 frames
   * (each picture once, none repeated), 4 s to the frame, and the reason says media.
   */
  @Test
  void flowingFramesStillEndByMediaTimeToTheFrame() {
    Scenario endless = Scenario.builder().name("flowing").size(640, 360).frameRate(30)
        .playForever().build();
    Path out = dir.resolve("flowing.mp4");

    Run run = record(endless.source(SourceClock.REAL), out, Duration.ofSeconds(4),
        Duration.ofMillis(4_500));

    assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
    assertThat(run.result().endReason()).isEqualTo("reached 4 s of media");
    assertThat(run.result().mediaDuration().toMillis()).isBetween(3_998L, 4_002L);
    ProbeReport report = assertThatRecording(out)
        .hasVideoStream("h264").hasAudioStream("aac")
        .decodesWithoutErrors()
        .hasVideoFrames(120)
        .hasDurationCloseTo(Duration.ofSeconds(4), ONE_FRAME_AND_PRIMING)
        .hasAudioAndVideoEndingWithin(Duration.ofMillis(40))
        .report();
    assertThat(span(Objects.requireNonNull(report.video()))).isCloseTo(4.0, within(ONE_FRAME_S));
    assertThat(span(Objects.requireNonNull(report.audio()))).isCloseTo(4.0, within(ONE_FRAME_S));
    assertThat(numbers(DecodedMedia.decode(out).pictures())).as("every frame once, none held")
        .isEqualTo(numbersUpTo(120, 30));
  }

  /**
   * Given a source that is not live (its media runs on without a break while its delivery pauses
   * 2.5 s on the wall clock after 1 s, as a virtual-clock generator does when the recorder
   * stalls), recorded with a 2 s limit; when the wall clock passes 2 s during the pause; then
   * nothing ends it: it ends by media time after the pause, with 60 real frames over 2 s, no gap
   * and nothing held.
   */
  @Test
  void aSourceThatIsNotLiveIsNeverEndedByTheWallClock() {
    Path out = dir.resolve("not-live.mp4");

    Run run = record(new PausingSource(30, 30, Duration.ofMillis(2_500), 150, false), out,
        Duration.ofSeconds(2), Duration.ofSeconds(15));

    assertThat(run.tookMillis()).as("waited through the pause").isGreaterThanOrEqualTo(4_400);
    assertThat(run.result().state()).isEqualTo(RecordingState.STOPPED);
    assertThat(run.result().endReason()).isEqualTo("reached 2 s of media");
    ProbeReport report = assertThatRecording(out)
        .hasVideoStream("h264").hasNoAudio()
        .decodesWithoutErrors()
        .hasVideoFrames(60)
        .hasLongestVideoGapAtMost(Duration.ofMillis(34))
        .report();
    assertThat(span(Objects.requireNonNull(report.video()))).isCloseTo(2.0, within(ONE_FRAME_S));
    assertThat(numbers(DecodedMedia.decode(out).pictures())).as("every frame once, none held")
        .isEqualTo(numbersUpTo(60, 30));
  }

  /**
   * Given the very same pausing source declared live (a publisher whose video stopped after
   * 1 s, no audio track); when the wall clock passes the 2 s limit during the pause; then the
   * clock ends it at 2 s: 30 real frames and the last one (frame 29) held to 2 s.
   */
  @Test
  void theSamePauseFromALiveSourceEndsByTheClock() {
    Path out = dir.resolve("live-pause.mp4");

    Run run = record(new PausingSource(30, 30, Duration.ofMillis(2_500), 150, true), out,
        Duration.ofSeconds(2), Duration.ofMillis(2_500));

    assertThat(run.tookMillis()).isGreaterThanOrEqualTo(2_000);
    assertThat(run.result().endReason())
        .startsWith("reached 2 s by the clock; no video frame for the last 1.");
    ProbeReport report = assertThatRecording(out)
        .hasVideoStream("h264").hasNoAudio()
        .decodesWithoutErrors()
        .hasVideoFrames(31)
        .hasDurationCloseTo(Duration.ofSeconds(2), Duration.ofMillis(34))
        .report();
    assertThat(span(Objects.requireNonNull(report.video()))).isCloseTo(2.0, within(ONE_FRAME_S));
    List<DecodedMedia.Picture> pictures = DecodedMedia.decode(out).pictures();
    assertThat(numbers(pictures.subList(0, 30))).isEqualTo(numbersUpTo(30, 30));
    assertThat(pictures.get(30).number()).as("the last picture, held").isEqualTo(29);
    assertThat(pictures.get(30).startSeconds()).isCloseTo(2.0 - 1 / 30.0, within(0.002));
  }
}
