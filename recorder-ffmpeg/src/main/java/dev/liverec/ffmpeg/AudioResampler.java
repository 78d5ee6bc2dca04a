package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import dev.liverec.MediaException;
import dev.liverec.frame.AudioFrame;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * The resample stage: converts interleaved s16 audio of any rate and channel count into the
 * stream's planar float format and queues it in a FIFO, from which the encoder takes exact
 * codec-sized frames. When the input format changes mid-stream, the old converter's tail is
 * flushed into the FIFO first, so no samples are lost.
 *
 * <p>Owns its {@code SwrContext}, {@code AVAudioFifo}, channel layouts and staging frame.
 */
final class AudioResampler implements AutoCloseable {
  private final int outRate;
  private final int outChannels;
  private final AVChannelLayout outLayout = new AVChannelLayout();
  private final AVChannelLayout inLayout = new AVChannelLayout();
  private final AVAudioFifo fifo;
  private final AVFrame staging;
  private final PointerPointer<BytePointer> input = new PointerPointer<>(1);
  private final NativePlanes planes = new NativePlanes();
  private @Nullable SwrContext swr;
  private int inRate = -1;
  private int inChannels = -1;
  private int stagingCapacity;
  private boolean closed;

  AudioResampler(int outRate, int outChannels) {
    this.outRate = outRate;
    this.outChannels = outChannels;
    av_channel_layout_default(outLayout, outChannels);
    AVAudioFifo f = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, outChannels, outRate);
    AVFrame s = av_frame_alloc();
    if (f == null || s == null) {
      if (f != null) {
        av_audio_fifo_free(f);
      }
      if (s != null) {
        av_frame_free(s);
      }
      av_channel_layout_uninit(outLayout);
      throw new MediaException("out of memory allocating the audio FIFO");
    }
    this.fifo = f;
    this.staging = s;
  }

  /** Converts {@code frame} and appends the result to the FIFO. */
  void push(AudioFrame frame) {
    if (frame.sampleRate() != inRate || frame.channels() != inChannels) {
      reconfigure(frame.sampleRate(), frame.channels());
    }
    input.put(0, planes.pointer(frame.data()));
    convert(input, frame.samples());
  }

  /** Flushes samples still inside the converter into the FIFO. */
  void flush() {
    if (swr != null) {
      convert(null, 0);
    }
  }

  private void convert(@Nullable PointerPointer<BytePointer> in, int inSamples) {
    int capacity = swr_get_out_samples(swr, inSamples);
    if (capacity <= 0) {
      return;
    }
    ensureStaging(capacity);
    int converted = swr_convert(swr, staging.data(), capacity, in, inSamples);
    Ffmpeg.check(converted, "resampling audio");
    if (converted > 0) {
      Ffmpeg.check(av_audio_fifo_write(fifo, staging.data(), converted), "queueing audio");
    }
  }

  private void ensureStaging(int samples) {
    if (samples <= stagingCapacity) {
      return;
    }
    av_frame_unref(staging);
    staging.format(AV_SAMPLE_FMT_FLTP);
    staging.sample_rate(outRate);
    staging.nb_samples(Math.max(samples, 2048));
    Ffmpeg.check(org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy(staging.ch_layout(),
        outLayout), "copying the channel layout");
    Ffmpeg.check(av_frame_get_buffer(staging, 0), "allocating audio staging");
    stagingCapacity = staging.nb_samples();
  }

  private void reconfigure(int rate, int channels) {
    flush();
    if (swr != null) {
      swr_free(swr);
      swr = null;
    }
    av_channel_layout_uninit(inLayout);
    av_channel_layout_default(inLayout, channels);
    SwrContext created = new SwrContext(null);
    Ffmpeg.check(swr_alloc_set_opts2(created, outLayout, AV_SAMPLE_FMT_FLTP, outRate, inLayout,
        AV_SAMPLE_FMT_S16, rate, 0, null), "configuring the resampler");
    swr = created;
    Ffmpeg.check(swr_init(created), "starting the resampler for " + rate + " Hz x" + channels);
    inRate = rate;
    inChannels = channels;
  }

  /** Samples waiting in the FIFO. */
  int available() {
    return av_audio_fifo_size(fifo);
  }

  /** Moves {@code samples} samples from the FIFO into {@code frame}'s planes. */
  int read(AVFrame frame, int samples) {
    return Ffmpeg.check(av_audio_fifo_read(fifo, frame.data(), samples), "reading queued audio");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (swr != null) {
      swr_free(swr);
      swr = null;
    }
    av_audio_fifo_free(fifo);
    av_frame_free(staging);
    av_channel_layout_uninit(inLayout);
    av_channel_layout_uninit(outLayout);
    inLayout.close();
    outLayout.close();
    input.close();
    planes.clear();
  }
}
