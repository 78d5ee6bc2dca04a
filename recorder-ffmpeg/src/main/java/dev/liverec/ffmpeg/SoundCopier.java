package dev.liverec.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * Turns decoded audio of any sample format (AAC decodes to planar float) into the interleaved
 * signed 16-bit samples an {@link AudioFrame} carries, at the same rate, keeping up to
 * {@value AudioFrame#MAX_CHANNELS} channels. Reconfigures itself when the decoded format changes
 * (a new publisher).
 *
 * <p>Owns its {@code SwrContext}, output channel layout and staging buffer. Used by the source's
 * reader thread only.
 */
final class SoundCopier implements AutoCloseable {
  private final AVChannelLayout outLayout = new AVChannelLayout();
  private final PointerPointer<BytePointer> out = new PointerPointer<>(1);
  private @Nullable SwrContext swr;
  private @Nullable BytePointer staging;
  private long stagingBytes;
  private int inFormat = -1;
  private int inRate = -1;
  private int inChannels = -1;
  private int outChannels;

  /**
   * A pooled frame holding {@code sound}'s samples, captured at {@code captureUs}; null when the
   * converter holds them back (it never does without a rate change, which this does not make).
   *
   * @throws dev.liverec.frame.InvalidFrameException for a rate or layout that cannot be recorded
   */
  @Nullable AudioFrame copy(AVFrame sound, FramePool pool, long captureUs) {
    int channels = sound.ch_layout().nb_channels();
    AudioFrame.checkFormat(sound.sample_rate(), Math.min(channels, AudioFrame.MAX_CHANNELS),
        Math.max(1, Math.min(sound.nb_samples(), sound.sample_rate())));
    if (sound.format() != inFormat || sound.sample_rate() != inRate || channels != inChannels) {
      reconfigure(sound);
    }
    int capacity = swr_get_out_samples(swr, sound.nb_samples());
    long bytes = (long) capacity * outChannels * 2;
    if (staging == null || bytes > stagingBytes) {
      if (staging != null) {
        staging.close();
      }
      staging = new BytePointer(bytes);
      stagingBytes = bytes;
    }
    out.put(0, staging);
    int converted = Ffmpeg.check(
        swr_convert(swr, out, capacity, sound.extended_data(), sound.nb_samples()),
        "converting decoded audio");
    if (converted == 0) {
      return null;
    }
    AudioFrame frame = pool.acquireAudio(inRate, outChannels, converted, captureUs);
    ByteBuffer from = staging.capacity((long) converted * outChannels * 2).asByteBuffer();
    frame.data().put(0, from, 0, converted * outChannels * 2);
    return frame;
  }

  private void reconfigure(AVFrame sound) {
    freeSwr();
    int channels = sound.ch_layout().nb_channels();
    outChannels = Math.min(channels, AudioFrame.MAX_CHANNELS);
    av_channel_layout_uninit(outLayout);
    av_channel_layout_default(outLayout, outChannels);
    SwrContext created = new SwrContext(null);
    Ffmpeg.check(swr_alloc_set_opts2(created, outLayout, AV_SAMPLE_FMT_S16, sound.sample_rate(),
        sound.ch_layout(), sound.format(), sound.sample_rate(), 0, null),
        "configuring the audio converter");
    swr = created;
    Ffmpeg.check(swr_init(created), "starting the audio converter for " + sound.sample_rate()
        + " Hz x" + channels);
    inFormat = sound.format();
    inRate = sound.sample_rate();
    inChannels = channels;
  }

  private void freeSwr() {
    if (swr != null) {
      swr_free(swr);
      swr = null;
    }
    inFormat = -1;
  }

  @Override
  public void close() {
    freeSwr();
    if (staging != null) {
      staging.close();
      staging = null;
    }
    av_channel_layout_uninit(outLayout);
    outLayout.close();
    out.close();
  }
}
