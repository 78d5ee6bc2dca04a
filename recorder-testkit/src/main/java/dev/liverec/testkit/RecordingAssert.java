package dev.liverec.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a recorded media file, measured by decoding it with {@link MediaProbe}. The
 * file is probed once, on the first assertion, and the report is reused by the rest of the chain.
 *
 * <pre>{@code
 * assertThatRecording(out)
 *     .hasVideoStream("h264").hasAudioStream("aac")
 *     .hasDurationCloseTo(Duration.ofSeconds(30), Duration.ofMillis(200))
 *     .decodesWithoutErrors()
 *     .isInSync(Duration.ofMillis(40));
 * }</pre>
 *
 * <p>Every failure message says what was expected, what was measured, and ends with the report's
 * {@link ProbeReport#summary()} line.
 */
public final class RecordingAssert extends AbstractAssert<RecordingAssert, Path> {
  private final ProbeOptions options;
  private @Nullable ProbeReport report;

  private RecordingAssert(Path actual, ProbeOptions options) {
    super(actual, RecordingAssert.class);
    this.options = options;
  }

  /** Starts assertions on a recorded file, with every analysis on. */
  public static RecordingAssert assertThatRecording(Path file) {
    return new RecordingAssert(file, ProbeOptions.defaults());
  }

  /** Starts assertions on a recorded file, probed with the given options. */
  public static RecordingAssert assertThatRecording(Path file, ProbeOptions options) {
    return new RecordingAssert(file, options);
  }

  /**
   * The probe report, probing the file on first use.
   *
   * @throws ProbeException if the file cannot be opened as media
   */
  public ProbeReport report() {
    isNotNull();
    ProbeReport probed = report;
    if (probed == null) {
      probed = MediaProbe.probe(actual, options);
      report = probed;
    }
    return probed;
  }

  /** The main video stream uses this FFmpeg codec (e.g. {@code "h264"}). */
  public RecordingAssert hasVideoStream(String codec) {
    Optional<StreamReport> stream = report().videoStream();
    if (stream.isEmpty() || !stream.get().codec().equalsIgnoreCase(codec)) {
      throw mismatch(
          "a " + codec + " video stream",
          stream.map(s -> s.codec() + " video").orElse("no video stream"));
    }
    return this;
  }

  /** The main audio stream uses this FFmpeg codec (e.g. {@code "aac"}). */
  public RecordingAssert hasAudioStream(String codec) {
    Optional<StreamReport> stream = report().audioStream();
    if (stream.isEmpty() || !stream.get().codec().equalsIgnoreCase(codec)) {
      throw mismatch(
          "an " + codec + " audio stream",
          stream.map(s -> s.codec() + " audio").orElse("no audio stream"));
    }
    return this;
  }

  /** The file has no audio stream at all. */
  public RecordingAssert hasNoAudio() {
    Optional<StreamReport> stream = report().audioStream();
    if (stream.isPresent()) {
      throw mismatch("no audio stream", stream.get().codec() + " audio");
    }
    return this;
  }

  /** At least one video frame decoded, and every decoded frame has this size. */
  public RecordingAssert hasVideoSize(int width, int height) {
    VideoReport video = report().video();
    VideoReport.FrameSize expected = new VideoReport.FrameSize(width, height);
    if (video == null || !video.frameSizes().equals(Set.of(expected))) {
      throw mismatch(
          "every decoded video frame to be " + expected,
          video == null || video.frameSizes().isEmpty()
              ? "no decoded frames"
              : "sizes " + video.frameSizes());
    }
    return this;
  }

  /** Exactly this many video frames decoded. */
  public RecordingAssert hasVideoFrames(long expected) {
    long frames = report().videoFrameCount();
    if (frames != expected) {
      throw mismatch(expected + " decoded video frames", frames + " frames");
    }
    return this;
  }

  /** Between {@code min} and {@code max} video frames (inclusive) decoded. */
  public RecordingAssert hasVideoFramesBetween(long min, long max) {
    long frames = report().videoFrameCount();
    if (frames < min || frames > max) {
      throw mismatch(
          "between " + min + " and " + max + " decoded video frames", frames + " frames");
    }
    return this;
  }

  /** The decoded media duration ({@link ProbeReport#durationSeconds()}) is within a tolerance. */
  public RecordingAssert hasDurationCloseTo(Duration expected, Duration tolerance) {
    double duration = report().durationSeconds();
    if (Math.abs(duration - seconds(expected)) > seconds(tolerance)) {
      throw mismatch(
          "a duration of " + format(expected) + " ± " + format(tolerance), format(duration));
    }
    return this;
  }

  /** The file size is between the bounds (inclusive). */
  public RecordingAssert hasSizeBetween(long minBytes, long maxBytes) {
    long size = report().fileSizeBytes();
    if (size < minBytes || size > maxBytes) {
      throw mismatch(
          "a file size between " + minBytes + " and " + maxBytes + " bytes", size + " bytes");
    }
    return this;
  }

  /** Video PTS (presentation order) and every stream's DTS (decode order) strictly increase. */
  public RecordingAssert hasStrictlyIncreasingTimestamps() {
    TimestampReport timestamps = report().timestamps();
    if (!timestamps.strictlyIncreasing()) {
      throw mismatch(
          "strictly increasing timestamps",
          timestamps.nonMonotonicCount()
              + " non-monotonic (video PTS ok: "
              + timestamps.videoPtsStrictlyIncreasing()
              + ", DTS ok: "
              + timestamps.dtsStrictlyIncreasing()
              + ")");
    }
    return this;
  }

  /** No packet or frame failed to decode and the file was read to its end. */
  public RecordingAssert decodesWithoutErrors() {
    ProbeReport probed = report();
    if (probed.decodeErrors() > 0 || probed.scanStopReason() != null) {
      String measured =
          probed.decodeErrors()
              + " decode errors"
              + (probed.scanStopReason() == null
                  ? ""
                  : ", reading stopped early: " + probed.scanStopReason());
      throw mismatch("no decode errors", measured);
    }
    return this;
  }

  /** No two consecutive video frames are further apart than this. */
  public RecordingAssert hasLongestVideoGapAtMost(Duration maxGap) {
    TimestampReport timestamps = report().timestamps();
    if (timestamps.largestVideoGapSeconds() > seconds(maxGap)) {
      throw mismatch(
          "no video gap longer than " + format(maxGap),
          "a gap of "
              + format(timestamps.largestVideoGapSeconds())
              + " after the frame at "
              + format(timestamps.largestVideoGapAtSeconds()));
    }
    return this;
  }

  /** The picture never stays unchanged for longer than this. */
  public RecordingAssert hasNoFrozenStretchLongerThan(Duration maxFrozen) {
    VideoReport video = requireVideo("no frozen stretch longer than " + format(maxFrozen));
    if (video.longestFrozenSeconds() > seconds(maxFrozen)) {
      throw mismatch(
          "no frozen stretch longer than " + format(maxFrozen),
          video.longestFrozenFrames()
              + " identical frames ("
              + format(video.longestFrozenSeconds())
              + ") from "
              + format(video.longestFrozenAtSeconds()));
    }
    return this;
  }

  /** At least one flash/beep marker pair was found and none is further apart than this. */
  public RecordingAssert isInSync(Duration within) {
    SyncReport sync = requireSync("A/V in sync within " + format(within));
    if (sync.pairCount() == 0 || sync.maxAbsOffsetMillis() > within.toNanos() / 1e6) {
      throw mismatch("A/V in sync within " + format(within), describeSync(sync));
    }
    return this;
  }

  /** At least this many flash/beep marker pairs were found. */
  public RecordingAssert hasSyncMarkers(int atLeast) {
    SyncReport sync = requireSync("at least " + atLeast + " sync markers");
    if (sync.pairCount() < atLeast) {
      throw mismatch("at least " + atLeast + " sync markers", describeSync(sync));
    }
    return this;
  }

  /** Playback from the start gets at least to this media time without a decode error. */
  public RecordingAssert isPlayableUntil(Duration time) {
    double playable = report().playableUntilSeconds();
    if (playable < seconds(time)) {
      throw mismatch(
          "playable until at least " + format(time), "playable until " + format(playable));
    }
    return this;
  }

  /** Audio and video both exist and their decoded ends are no further apart than this. */
  public RecordingAssert hasAudioAndVideoEndingWithin(Duration within) {
    ProbeReport probed = report();
    String expected = "audio and video ending within " + format(within);
    VideoReport video = requireVideo(expected);
    AudioReport audio = probed.audio();
    if (audio == null || audio.decodedSamples() == 0) {
      throw mismatch(expected, "no decoded audio");
    }
    double difference = Math.abs(audio.endSeconds() - video.endSeconds());
    if (difference > seconds(within)) {
      throw mismatch(
          expected,
          "audio ends at "
              + format(audio.endSeconds())
              + ", video at "
              + format(video.endSeconds()));
    }
    return this;
  }

  private VideoReport requireVideo(String expected) {
    VideoReport video = report().video();
    if (video == null || report().videoFrameCount() == 0) {
      throw mismatch(expected, "no decoded video");
    }
    return video;
  }

  private SyncReport requireSync(String expected) {
    SyncReport sync = report().sync();
    if (!sync.analyzed()) {
      throw mismatch(expected, "sync analysis was switched off in the probe options");
    }
    return sync;
  }

  private static String describeSync(SyncReport sync) {
    if (sync.pairCount() == 0) {
      return "no marker pairs ("
          + sync.flashSeconds().size()
          + " flashes, "
          + sync.beepSeconds().size()
          + " beeps)";
    }
    return String.format(
        Locale.ROOT,
        "%d marker pairs, max |offset| %.1f ms, mean |offset| %.1f ms",
        sync.pairCount(),
        sync.maxAbsOffsetMillis(),
        sync.meanAbsOffsetMillis());
  }

  private AssertionError mismatch(String expected, String measured) {
    return failure(
        "%s", "Expected " + expected + " but was " + measured + ".\n" + report().summary());
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static String format(Duration duration) {
    return format(seconds(duration));
  }

  private static String format(double seconds) {
    return String.format(Locale.ROOT, "%.3f s", seconds);
  }
}
