package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over an opened file: demuxes every packet, checks DTS order per stream, decodes the
 * first video and first audio stream, and assembles the {@link ProbeReport}. Owns the packet and
 * the decoders (not the format context).
 */
final class FileScan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileScan.class);
  private static final int VIDEO_DECODER_THREADS = 2;
  private static final int NO_STREAM = -1;

  private final AVFormatContext format;
  private final ProbeOptions options;
  private final long[] packetCounts;
  private final long[] lastDts;
  private final AVPacket packet;
  private int videoIndex = NO_STREAM;
  private int audioIndex = NO_STREAM;
  private @Nullable VideoAnalyzer video;
  private @Nullable AudioAnalyzer audio;
  private @Nullable StreamDecoder videoDecoder;
  private @Nullable StreamDecoder audioDecoder;
  private int dtsViolations;
  private boolean closed;

  /**
   * Prepares a scan of an opened format context whose stream info has been read.
   *
   * @throws ProbeException if a decoder is missing or does not open
   */
  FileScan(AVFormatContext format, ProbeOptions options) {
    this.format = format;
    this.options = options;
    int streams = format.nb_streams();
    this.packetCounts = new long[streams];
    this.lastDts = new long[streams];
    Arrays.fill(lastDts, AV_NOPTS_VALUE);
    this.packet = av_packet_alloc();
    if (packet == null || packet.isNull()) {
      throw new ProbeException("Cannot allocate an AVPacket");
    }
    try {
      openDecoders();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Reads the whole file (or up to the point where demuxing fails) and reports on it. */
  ProbeReport run(Path file, long fileSizeBytes) {
    String stopReason = demuxAll();
    if (videoDecoder != null) {
      videoDecoder.flush();
    }
    if (audioDecoder != null) {
      audioDecoder.flush();
    }
    return new ProbeReport(
        file,
        fileSizeBytes,
        format.duration() == AV_NOPTS_VALUE
            ? Double.NaN
            : (double) format.duration() / AV_TIME_BASE,
        streamReports(),
        timestampReport(),
        video == null ? null : video.report(),
        audio == null ? null : audio.report(),
        syncReport(),
        errors(videoDecoder) + errors(audioDecoder),
        stopReason,
        playableUntil());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (videoDecoder != null) {
        videoDecoder.close();
      }
      if (audioDecoder != null) {
        audioDecoder.close();
      }
    } finally {
      av_packet_free(packet);
    }
  }

  private void openDecoders() {
    for (int i = 0; i < format.nb_streams(); i++) {
      int type = format.streams(i).codecpar().codec_type();
      if (type == AVMEDIA_TYPE_VIDEO && videoIndex == NO_STREAM) {
        videoIndex = i;
        VideoAnalyzer analyzer = new VideoAnalyzer(format.streams(i));
        video = analyzer;
        videoDecoder = StreamDecoder.open(format.streams(i), VIDEO_DECODER_THREADS, analyzer);
      } else if (type == AVMEDIA_TYPE_AUDIO && audioIndex == NO_STREAM) {
        audioIndex = i;
        AudioAnalyzer analyzer = new AudioAnalyzer(format.streams(i), options.syncAnalysis());
        audio = analyzer;
        audioDecoder = StreamDecoder.open(format.streams(i), 1, analyzer);
      }
    }
  }

  /** Demuxes to the end; returns why it stopped early, or null at a clean end of file. */
  private @Nullable String demuxAll() {
    while (true) {
      int result = av_read_frame(format, packet);
      if (result == AVERROR_EOF) {
        return null;
      }
      if (result < 0) {
        String reason = "demuxer: " + FfmpegSupport.describe(result);
        LOG.warn("Stopped reading early, {}", reason);
        return reason;
      }
      try {
        handle(packet);
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  private void handle(AVPacket packet) {
    int index = packet.stream_index();
    if (index < 0 || index >= packetCounts.length) {
      return; // a stream that appeared after the header; not ours to judge
    }
    packetCounts[index]++;
    checkDts(index, packet.dts());
    StreamDecoder decoder =
        index == videoIndex ? videoDecoder : index == audioIndex ? audioDecoder : null;
    if (decoder == null) {
      return;
    }
    if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
      decoder.rejectCorrupt(packet);
    } else {
      decoder.decode(packet);
    }
  }

  private void checkDts(int index, long dts) {
    if (dts == AV_NOPTS_VALUE) {
      return;
    }
    if (lastDts[index] != AV_NOPTS_VALUE && dts <= lastDts[index]) {
      dtsViolations++;
    }
    lastDts[index] = dts;
  }

  private List<StreamReport> streamReports() {
    List<StreamReport> reports = new ArrayList<>();
    for (int i = 0; i < format.nb_streams(); i++) {
      AVCodecParameters parameters = format.streams(i).codecpar();
      int type = parameters.codec_type();
      StreamKind kind =
          type == AVMEDIA_TYPE_VIDEO
              ? StreamKind.VIDEO
              : type == AVMEDIA_TYPE_AUDIO ? StreamKind.AUDIO : StreamKind.OTHER;
      boolean isVideo = i == videoIndex && video != null;
      boolean isAudio = i == audioIndex && audio != null;
      double span = isVideo ? video.spanSeconds() : isAudio ? audio.spanSeconds() : 0;
      long decoded =
          isVideo ? decodedFrames(videoDecoder) : isAudio ? decodedFrames(audioDecoder) : 0;
      reports.add(
          new StreamReport(
              i,
              kind,
              avcodec_get_name(parameters.codec_id()).getString(),
              kind == StreamKind.VIDEO ? parameters.width() : 0,
              kind == StreamKind.VIDEO ? parameters.height() : 0,
              kind == StreamKind.AUDIO ? parameters.sample_rate() : 0,
              kind == StreamKind.AUDIO ? parameters.ch_layout().nb_channels() : 0,
              span,
              packetCounts[i],
              decoded));
    }
    return reports;
  }

  private TimestampReport timestampReport() {
    int ptsViolations = video == null ? 0 : video.nonMonotonicPts();
    return new TimestampReport(
        ptsViolations == 0,
        dtsViolations == 0,
        ptsViolations + dtsViolations,
        video == null ? 0 : video.largestGapSeconds(),
        video == null ? 0 : video.largestGapAtSeconds());
  }

  private SyncReport syncReport() {
    if (!options.syncAnalysis()) {
      return SyncReport.notAnalyzed();
    }
    List<Double> flashes = video == null ? List.of() : video.flashSeconds();
    List<Double> beeps = audio == null ? List.of() : audio.beepSeconds();
    return SyncReport.pair(flashes, beeps);
  }

  private double playableUntil() {
    if (video != null) {
      return video.playableUntilSeconds();
    }
    return audio == null ? 0 : audio.playableUntilSeconds();
  }

  private static int errors(@Nullable StreamDecoder decoder) {
    return decoder == null ? 0 : decoder.errors();
  }

  private static long decodedFrames(@Nullable StreamDecoder decoder) {
    return decoder == null ? 0 : decoder.decodedFrames();
  }
}
