package dev.liverec.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link MediaProbe} measured in one file by demuxing and decoding it with FFmpeg.
 * Immutable.
 *
 * @param file the probed file
 * @param fileSizeBytes file size on disk
 * @param containerDurationSeconds duration the container declares, {@code NaN} when it declares
 *     none; {@link #durationSeconds()} is the decoded one
 * @param streams every stream in the container, in index order
 * @param timestamps PTS/DTS monotonicity and the largest video gap
 * @param video analysis of the main video stream, null when the file has no video stream
 * @param audio analysis of the main audio stream, null when the file has no audio stream
 * @param sync A/V offsets measured from the test source's flash/beep markers
 * @param decodeErrors packets and frames the decoders rejected or flagged as corrupt, plus packets
 *     the demuxer flagged as corrupt
 * @param scanStopReason why demuxing stopped before a clean end of file (for example a truncated
 *     last fragment), null when the file was read to its end
 * @param playableUntilSeconds end time of the last video frame (audio frame if there is no video)
 *     that decoded without error with no error before it: how far a player gets from the start
 */
public record ProbeReport(
    Path file,
    long fileSizeBytes,
    double containerDurationSeconds,
    List<StreamReport> streams,
    TimestampReport timestamps,
    @Nullable VideoReport video,
    @Nullable AudioReport audio,
    SyncReport sync,
    int decodeErrors,
    @Nullable String scanStopReason,
    double playableUntilSeconds) {

  public ProbeReport {
    streams = List.copyOf(streams);
  }

  /** The main video stream: the first one, the only one decoded. */
  public Optional<StreamReport> videoStream() {
    return firstDecoded(StreamKind.VIDEO);
  }

  /** The main audio stream: the first one, the only one decoded. */
  public Optional<StreamReport> audioStream() {
    return firstDecoded(StreamKind.AUDIO);
  }

  /** Decoded video frames of the main video stream; 0 without video. */
  public long videoFrameCount() {
    return videoStream().map(StreamReport::decodedFrameCount).orElse(0L);
  }

  /**
   * Decoded media duration: from the earliest start to the latest end of the decoded audio and
   * video; 0 if nothing decoded.
   */
  public double durationSeconds() {
    double start = Double.POSITIVE_INFINITY;
    double end = Double.NEGATIVE_INFINITY;
    if (video != null && videoFrameCount() > 0) {
      start = video.startSeconds();
      end = video.endSeconds();
    }
    if (audio != null && audio.decodedSamples() > 0) {
      start = Math.min(start, audio.startSeconds());
      end = Math.max(end, audio.endSeconds());
    }
    return end > start ? end - start : 0;
  }

  /** One human-readable line with the key numbers, used in assertion failure messages. */
  public String summary() {
    StringBuilder line = new StringBuilder();
    line.append(file.getFileName()).append(": ").append(formatSize(fileSizeBytes));
    line.append(String.format(Locale.ROOT, ", %.2f s", durationSeconds()));
    line.append("; ").append(describeVideo());
    line.append("; ").append(describeAudio());
    line.append(
        String.format(Locale.ROOT, "; max gap %.3f s", timestamps.largestVideoGapSeconds()));
    if (video != null && video.longestFrozenFrames() > 0) {
      line.append(String.format(Locale.ROOT, "; frozen max %.2f s", video.longestFrozenSeconds()));
    }
    if (timestamps.nonMonotonicCount() > 0) {
      line.append("; ").append(timestamps.nonMonotonicCount()).append(" non-monotonic timestamps");
    }
    line.append("; ").append(describeSync());
    line.append("; ").append(decodeErrors).append(" decode errors");
    if (scanStopReason != null) {
      line.append("; stopped early (").append(scanStopReason).append(')');
    }
    if (scanStopReason != null || decodeErrors > 0) {
      line.append(String.format(Locale.ROOT, "; playable until %.2f s", playableUntilSeconds));
    }
    return line.toString();
  }

  private Optional<StreamReport> firstDecoded(StreamKind kind) {
    return streams.stream().filter(s -> s.kind() == kind).findFirst();
  }

  private String describeVideo() {
    Optional<StreamReport> stream = videoStream();
    if (stream.isEmpty() || video == null) {
      return "no video";
    }
    StreamReport s = stream.get();
    String sizes =
        video.frameSizes().isEmpty()
            ? s.width() + "x" + s.height()
            : String.join(",", video.frameSizes().stream().map(Object::toString).toList());
    return String.format(
        Locale.ROOT,
        "video %s %s %d frames %.2f-%.2f s",
        s.codec(),
        sizes,
        s.decodedFrameCount(),
        video.startSeconds(),
        video.endSeconds());
  }

  private String describeAudio() {
    Optional<StreamReport> stream = audioStream();
    if (stream.isEmpty() || audio == null) {
      return "no audio";
    }
    StreamReport s = stream.get();
    return String.format(
        Locale.ROOT,
        "audio %s %d Hz x%d %.2f s",
        s.codec(),
        s.sampleRate(),
        s.channels(),
        audio.decodedDurationSeconds());
  }

  private String describeSync() {
    if (!sync.analyzed()) {
      return "A/V not analyzed";
    }
    if (sync.pairCount() == 0) {
      return String.format(
          Locale.ROOT,
          "A/V no markers (%d flashes, %d beeps)",
          sync.flashSeconds().size(),
          sync.beepSeconds().size());
    }
    return String.format(
        Locale.ROOT,
        "A/V max %.0f ms over %d markers",
        sync.maxAbsOffsetMillis(),
        sync.pairCount());
  }

  private static String formatSize(long bytes) {
    if (bytes < 10_000) {
      return bytes + " B";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
