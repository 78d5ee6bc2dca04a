package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import dev.liverec.MediaException;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.TrackKind;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * AAC-LC with FFmpeg's native encoder. Audio of any rate and channel count goes through the
 * {@link AudioResampler} into a FIFO; exact 1024-sample frames are taken from it and timed by
 * counting samples from zero (the session keeps audio continuous, so the count is the timeline).
 */
final class FfmpegAudioEncoder implements AudioEncoder {
  private final AVCodecContext context;
  private final AVPacket packet;
  private final PacketDrain packets;
  private final AVFrame frame;
  private final AudioResampler resampler;
  private final StreamDescriptor descriptor;
  private final int frameSize;
  private long samplesSent;
  /** Time spent in the resampler so far (see {@link #resampleNanos()}). */
  private long resampleNanos;
  private boolean drained;
  private boolean closed;

  private FfmpegAudioEncoder(AVCodecContext context, AVPacket packet, AVFrame frame,
      AudioResampler resampler, AudioEncoderSettings settings) {
    this.context = context;
    this.packet = packet;
    this.packets = new PacketDrain(context, packet, "the AAC encoder", 0);
    this.frame = frame;
    this.resampler = resampler;
    this.frameSize = context.frame_size();
    byte[] extradata = new byte[Math.max(0, context.extradata_size())];
    if (extradata.length > 0) {
      context.extradata().get(extradata);
    }
    this.descriptor = new StreamDescriptor(TrackKind.AUDIO, "aac", 1, settings.sampleRate(), 0, 0,
        settings.sampleRate(), settings.channels(), frameSize, settings.bitRate(), extradata);
  }

  static FfmpegAudioEncoder open(AudioEncoderSettings settings) {
    Ffmpeg.init();
    AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (codec == null) {
      throw new MediaException("this FFmpeg build has no AAC encoder");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    AVPacket packet = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    AudioResampler resampler = null;
    try {
      if (context == null || packet == null || frame == null) {
        throw new MediaException("out of memory opening the AAC encoder");
      }
      context.sample_fmt(AV_SAMPLE_FMT_FLTP);
      context.sample_rate(settings.sampleRate());
      av_channel_layout_default(context.ch_layout(), settings.channels());
      context.bit_rate(settings.bitRate());
      context.time_base(new AVRational().num(1).den(settings.sampleRate()));
      context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
      Ffmpeg.check(avcodec_open2(context, codec, (AVDictionary) null), "opening the AAC encoder");
      frame.format(AV_SAMPLE_FMT_FLTP);
      frame.sample_rate(settings.sampleRate());
      frame.nb_samples(context.frame_size());
      Ffmpeg.check(av_channel_layout_copy(frame.ch_layout(), context.ch_layout()),
          "copying the channel layout");
      Ffmpeg.check(av_frame_get_buffer(frame, 0), "allocating the audio frame");
      resampler = new AudioResampler(settings.sampleRate(), settings.channels());
      return new FfmpegAudioEncoder(context, packet, frame, resampler, settings);
    } catch (RuntimeException e) {
      if (resampler != null) {
        resampler.close();
      }
      if (context != null) {
        avcodec_free_context(context);
      }
      if (packet != null) {
        av_packet_free(packet);
      }
      if (frame != null) {
        av_frame_free(frame);
      }
      throw e;
    }
  }

  @Override
  public String name() {
    return "aac";
  }

  @Override
  public StreamDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int encode(AudioFrame audio, PacketSink sink) {
    if (drained || closed) {
      throw new IllegalStateException("encoder already drained; open a new one");
    }
    long started = System.nanoTime();
    resampler.push(audio);
    resampleNanos += System.nanoTime() - started;
    int produced = 0;
    while (resampler.available() >= frameSize) {
      produced += sendFromFifo(frameSize, sink);
    }
    return produced;
  }

  private int sendFromFifo(int samples, PacketSink sink) {
    Ffmpeg.check(av_frame_make_writable(frame), "making the audio frame writable");
    frame.nb_samples(samples);
    long started = System.nanoTime();
    resampler.read(frame, samples);
    resampleNanos += System.nanoTime() - started;
    frame.pts(samplesSent);
    samplesSent += samples;
    Ffmpeg.check(avcodec_send_frame(context, frame), "sending audio to the AAC encoder");
    return packets.receiveReady(sink);
  }

  @Override
  public long resampleNanos() {
    return resampleNanos;
  }

  @Override
  public void drain(PacketSink sink) {
    if (drained) {
      return;
    }
    resampler.flush();
    while (resampler.available() >= frameSize) {
      sendFromFifo(frameSize, sink);
    }
    int rest = resampler.available();
    if (rest > 0) {
      sendFromFifo(rest, sink);
    }
    drained = true;
    Ffmpeg.check(avcodec_send_frame(context, (AVFrame) null), "draining the AAC encoder");
    packets.receiveReady(sink);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    resampler.close();
    avcodec_free_context(context);
    av_packet_free(packet);
    av_frame_free(frame);
  }
}
