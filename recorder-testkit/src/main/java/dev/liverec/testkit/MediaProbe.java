package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a media file the way a player sees it: FFmpeg's own demuxer reads it and FFmpeg's
 * decoders decode every packet of the first video and first audio stream. Nothing the encoder or
 * muxer wrote about itself (frame counters, declared durations) is trusted, except that the
 * container's declared duration is reported next to the measured one.
 *
 * <p>A file that breaks off part-way (a killed recorder, a partial last fragment) does not make the
 * probe throw: the scan ends where demuxing fails, and the report says why and how far playback
 * gets. Only a file that cannot be opened at all raises {@link ProbeException}.
 *
 * <p>Decoding uses two video threads and samples luma on a sparse grid, so a 30 s 1080p file takes
 * a few seconds. Thread-safe: every call works on its own native objects.
 */
public final class MediaProbe {
  private static final Logger LOG = LoggerFactory.getLogger(MediaProbe.class);

  private MediaProbe() {}

  /**
   * Probes a file with every analysis on.
   *
   * @throws ProbeException if the file is missing, cannot be opened as media, or has neither audio
   *     nor video
   */
  public static ProbeReport probe(Path file) {
    return probe(file, ProbeOptions.defaults());
  }

  /**
   * Probes a file.
   *
   * @throws ProbeException if the file is missing, cannot be opened as media, or has neither audio
   *     nor video
   */
  public static ProbeReport probe(Path file, ProbeOptions options) {
    long started = System.nanoTime();
    long size = sizeOf(file);
    AVFormatContext format = open(file);
    try {
      int result = avformat_find_stream_info(format, (PointerPointer<?>) null);
      if (result < 0) {
        LOG.warn("Could not read stream info of {}: {}", file, FfmpegSupport.describe(result));
      }
      requireAudioOrVideo(format, file);
      ProbeReport report;
      try (FileScan scan = new FileScan(format, options)) {
        report = scan.run(file, size);
      }
      LOG.debug("Probed in {} ms: {}", (System.nanoTime() - started) / 1_000_000, report.summary());
      return report;
    } finally {
      avformat_close_input(format);
    }
  }

  private static long sizeOf(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ProbeException("Cannot probe " + file + ": no such file");
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ProbeException("Cannot probe " + file + ": " + e.getMessage(), e);
    }
  }

  private static AVFormatContext open(Path file) {
    AVFormatContext format = new AVFormatContext(null);
    // "file:" keeps FFmpeg from reading a colon in the path as a protocol name.
    String url = "file:" + file.toAbsolutePath();
    int result = avformat_open_input(format, url, null, (AVDictionary) null);
    if (result < 0) {
      throw new ProbeException(
          "Cannot open " + file + " as media: " + FfmpegSupport.describe(result));
    }
    return format;
  }

  private static void requireAudioOrVideo(AVFormatContext format, Path file) {
    for (int i = 0; i < format.nb_streams(); i++) {
      int type = format.streams(i).codecpar().codec_type();
      if (type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) {
        return;
      }
    }
    throw new ProbeException("Cannot probe " + file + ": it has no audio or video stream");
  }
}
