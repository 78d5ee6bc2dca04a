package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import dev.liverec.MediaException;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * One open input: FFmpeg's demuxer on the address plus a decoder for its best video and best
 * audio stream. {@link #read} demuxes one packet and decodes it; at the end of the input it drains
 * both decoders and says so.
 *
 * <p>Owns its {@code AVFormatContext}, its decoders, one {@code AVPacket} and one {@code AVFrame},
 * and frees each once in {@link #close()}, also when opening fails half-way. Every blocking call
 * answers to the source's {@link InputInterrupter}. Used by the source's reader thread only.
 */
final class InputConnection implements AutoCloseable {
  private final AVFormatContext format;
  private final @Nullable InputDecoder video;
  private final @Nullable InputDecoder audio;
  private final AVPacket packet;
  private final AVFrame frame;
  private final int width;
  private final int height;
  private final long openedNanos;
  private boolean closed;

  private InputConnection(AVFormatContext format, @Nullable InputDecoder video,
      @Nullable InputDecoder audio, AVPacket packet, AVFrame frame, int width, int height,
      long openedNanos) {
    this.openedNanos = openedNanos;
    this.format = format;
    this.video = video;
    this.audio = audio;
    this.packet = packet;
    this.frame = frame;
    this.width = width;
    this.height = height;
  }

  /**
   * Opens {@code address} and its decoders within what {@code interrupter} allows, calling
   * {@code onOpened} as soon as the input is open, before its format is probed.
   *
   * @throws MediaException when FFmpeg cannot open or probe the input, or it has no video or
   *     audio it can decode; check {@link InputInterrupter#stopping()} to tell a close apart
   */
  static InputConnection open(SourceAddress address, InputInterrupter interrupter, boolean audio,
      boolean live, Runnable onOpened) {
    Ffmpeg.init();
    AVFormatContext format = avformat_alloc_context();
    if (format == null) {
      throw new MediaException("out of memory opening " + address.description());
    }
    interrupter.attach(format);
    AVDictionary options = new AVDictionary(null);
    for (Map.Entry<String, String> option : address.options().entrySet()) {
      av_dict_set(options, option.getKey(), option.getValue(), 0);
    }
    if (live) {
      // Learn the format from half a second of a live stream, not five: what is read meanwhile
      // arrives late, in a burst.
      av_dict_set(options, "analyzeduration", "500000", 0);
    }
    int opened;
    try {
      // On failure FFmpeg frees the context itself.
      opened = avformat_open_input(format, address.url(), null, options);
    } finally {
      av_dict_free(options);
    }
    long openedNanos = System.nanoTime();
    if (opened < 0) {
      throw new OpenFailed(address, opened);
    }
    InputDecoder videoDecoder = null;
    InputDecoder audioDecoder = null;
    AVPacket packet = null;
    AVFrame frame = null;
    try {
      onOpened.run();
      Ffmpeg.check(avformat_find_stream_info(format, (PointerPointer<?>) null),
          "reading the stream information of " + address.description());
      AVStream videoStream = best(format, AVMEDIA_TYPE_VIDEO);
      AVStream audioStream = audio ? best(format, AVMEDIA_TYPE_AUDIO) : null;
      if (videoStream == null && audioStream == null) {
        throw new MediaException(address.description() + " has no video or audio stream");
      }
      videoDecoder = videoStream == null ? null : InputDecoder.open(videoStream);
      audioDecoder = audioStream == null ? null : InputDecoder.open(audioStream);
      packet = av_packet_alloc();
      frame = av_frame_alloc();
      if (packet == null || frame == null) {
        throw new MediaException("out of memory opening " + address.description());
      }
      int w = videoStream == null ? 0 : videoStream.codecpar().width();
      int h = videoStream == null ? 0 : videoStream.codecpar().height();
      return new InputConnection(format, videoDecoder, audioDecoder, packet, frame, w, h,
          openedNanos);
    } catch (RuntimeException e) {
      free(videoDecoder, audioDecoder, packet, frame);
      avformat_close_input(format);
      throw e;
    }
  }

  /** FFmpeg could not open the address at all; {@link #code} is its error code. */
  static final class OpenFailed extends MediaException {
    private static final long serialVersionUID = 1L;
    /** Linux errno values (FFmpeg returns them negated) that no retry can fix on a listener. */
    private static final int[] SETUP_ERRORS = {13, 22, 34, 98, 99};
    private final int code;

    OpenFailed(SourceAddress address, int code) {
      super("opening " + address.description() + " failed: " + Ffmpeg.describe(code));
      this.code = code;
    }

    /** Whether a listener could not be set up at all (port taken, address not local, no right). */
    boolean listenerSetupFailed() {
      for (int errno : SETUP_ERRORS) {
        if (code == -errno) {
          return true;
        }
      }
      return false;
    }
  }

  private static @Nullable AVStream best(AVFormatContext format, int type) {
    int index = av_find_best_stream(format, type, -1, -1, (AVCodec) null, 0);
    return index < 0 ? null : format.streams(index);
  }

  /** The video size the stream declares, or 0 x 0 when it has no video or does not say. */
  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** {@link System#nanoTime()} when the input opened, before its format was probed. */
  long openedNanos() {
    return openedNanos;
  }

  boolean hasVideo() {
    return video != null;
  }

  /**
   * Reads one packet and decodes it, passing out video and audio frames; at the end of the input
   * drains both decoders and returns false.
   *
   * @throws MediaException when reading fails (connection lost, interrupted, corrupt container)
   */
  boolean read(InputDecoder.Output videoOut, InputDecoder.Output audioOut) {
    int ret = av_read_frame(format, packet);
    if (ret == AVERROR_EOF) {
      if (video != null) {
        video.decode(null, frame, videoOut);
      }
      if (audio != null) {
        audio.decode(null, frame, audioOut);
      }
      return false;
    }
    if (ret < 0) {
      throw new MediaException("reading failed: " + Ffmpeg.describe(ret));
    }
    try {
      if (video != null && packet.stream_index() == video.streamIndex()) {
        video.decode(packet, frame, videoOut);
      } else if (audio != null && packet.stream_index() == audio.streamIndex()) {
        audio.decode(packet, frame, audioOut);
      }
    } finally {
      av_packet_unref(packet);
    }
    return true;
  }

  private static void free(@Nullable InputDecoder video, @Nullable InputDecoder audio,
      @Nullable AVPacket packet, @Nullable AVFrame frame) {
    if (video != null) {
      video.close();
    }
    if (audio != null) {
      audio.close();
    }
    if (packet != null) {
      av_packet_free(packet);
    }
    if (frame != null) {
      av_frame_free(frame);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    free(video, audio, packet, frame);
    avformat_close_input(format);
  }
}
