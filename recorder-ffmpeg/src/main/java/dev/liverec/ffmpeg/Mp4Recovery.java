package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import dev.liverec.MediaException;
import dev.liverec.RecoveryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remuxes a fragmented MP4 that a crash cut short into a normal MP4 with the index in front. No
 * re-encoding: every complete packet is copied, the incomplete tail is dropped. Owns its two
 * format contexts and its packet for the length of one call.
 */
final class Mp4Recovery {
  private static final Logger log = LoggerFactory.getLogger(Mp4Recovery.class);

  private Mp4Recovery() {}

  static RecoveryResult recover(Path damaged, Path output) {
    Ffmpeg.init();
    AVFormatContext input = new AVFormatContext(null);
    AVFormatContext out = null;
    AVPacket packet = av_packet_alloc();
    boolean opened = false;
    try {
      Ffmpeg.check(avformat_open_input(input, "file:" + damaged.toAbsolutePath(),
          (AVInputFormat) null, (AVDictionary) null), "opening " + damaged);
      opened = true;
      Ffmpeg.check(avformat_find_stream_info(input, (AVDictionary) null),
          "reading the streams of " + damaged);
      out = new AVFormatContext(null);
      Ffmpeg.check(avformat_alloc_output_context2(out, null, "mp4",
          output.toAbsolutePath().toString()), "creating " + output);
      int streams = input.nb_streams();
      for (int i = 0; i < streams; i++) {
        AVStream in = input.streams(i);
        AVStream copy = avformat_new_stream(out, null);
        if (copy == null) {
          throw new MediaException("out of memory adding a stream");
        }
        Ffmpeg.check(avcodec_parameters_copy(copy.codecpar(), in.codecpar()),
            "copying stream parameters");
        copy.codecpar().codec_tag(0);
        copy.time_base(in.time_base());
      }
      AVIOContext io = new AVIOContext(null);
      Ffmpeg.check(avio_open(io, output.toAbsolutePath().toString(), AVIO_FLAG_WRITE),
          "opening " + output);
      out.pb(io);
      AVDictionary options = new AVDictionary(null);
      try {
        av_dict_set(options, "movflags", "+faststart", 0);
        Ffmpeg.check(avformat_write_header(out, options), "writing the header of " + output);
      } finally {
        av_dict_free(options);
      }
      long packets = 0;
      long endMicros = 0;
      boolean truncated = false;
      while (true) {
        int ret = av_read_frame(input, packet);
        if (ret == AVERROR_EOF) {
          break;
        }
        if (ret < 0) {
          truncated = true;
          log.info("recovery of {} stopped at a damaged packet: {}", damaged, Ffmpeg.describe(ret));
          break;
        }
        try {
          if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
            truncated = true;
            continue;
          }
          int index = packet.stream_index();
          AVRational from = input.streams(index).time_base();
          if (packet.pts() != AV_NOPTS_VALUE) {
            long end = packet.pts() + packet.duration();
            endMicros = Math.max(endMicros, end * 1_000_000L * from.num() / from.den());
          }
          av_packet_rescale_ts(packet, from, out.streams(index).time_base());
          Ffmpeg.check(av_interleaved_write_frame(out, packet), "writing " + output);
          packets++;
        } finally {
          av_packet_unref(packet);
        }
      }
      if (packets == 0) {
        throw new MediaException("nothing to recover in " + damaged + ": no complete packet");
      }
      Ffmpeg.check(av_write_trailer(out), "writing the index of " + output);
      log.info("recovered {} packets ({} ms) from {} into {}", packets, endMicros / 1000, damaged,
          output);
      return new RecoveryResult(output, Duration.ofNanos(endMicros * 1000), packets, truncated);
    } catch (RuntimeException e) {
      closeOutput(out);
      out = null;
      deleteQuietly(output);
      throw e;
    } finally {
      closeOutput(out);
      if (opened) {
        avformat_close_input(input);
      }
      av_packet_free(packet);
    }
  }

  private static void closeOutput(AVFormatContext out) {
    if (out == null) {
      return;
    }
    if (out.pb() != null && !out.pb().isNull()) {
      avio_closep(out.pb());
    }
    avformat_free_context(out);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      log.warn("could not delete the partial {}", file, e);
    }
  }
}
