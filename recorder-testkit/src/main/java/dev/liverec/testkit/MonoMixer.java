package dev.liverec.testkit;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.av_get_bytes_per_sample;
import static org.bytedeco.ffmpeg.global.avutil.av_get_packed_sample_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Turns a decoded audio frame of any of FFmpeg's standard sample formats into mono floats (the
 * plain average of all channels, full scale 1.0), without a resampler.
 */
final class MonoMixer {
  private float[] mono = new float[4096];

  /**
   * Mixes the frame down; the result is valid until the next call.
   *
   * @return a buffer whose first {@code frame.nb_samples()} entries are the mono samples
   */
  float[] mix(AVFrame frame) {
    int samples = frame.nb_samples();
    int channels = Math.max(1, frame.ch_layout().nb_channels());
    int format = frame.format();
    int packedFormat = av_get_packed_sample_fmt(format);
    boolean planar = av_sample_fmt_is_planar(format) != 0;
    int bytesPerSample = av_get_bytes_per_sample(format);
    if (bytesPerSample <= 0) {
      throw new IllegalStateException("unsupported sample format " + format);
    }
    if (mono.length < samples) {
      mono = new float[samples];
    }
    Arrays.fill(mono, 0, samples, 0f);
    for (int channel = 0; channel < channels; channel++) {
      ByteBuffer data =
          planar
              ? plane(frame, channel, (long) samples * bytesPerSample)
              : plane(frame, 0, (long) samples * channels * bytesPerSample);
      for (int i = 0; i < samples; i++) {
        int index = (planar ? i : i * channels + channel) * bytesPerSample;
        mono[i] += read(data, index, packedFormat);
      }
    }
    if (channels > 1) {
      for (int i = 0; i < samples; i++) {
        mono[i] /= channels;
      }
    }
    return mono;
  }

  private static ByteBuffer plane(AVFrame frame, int plane, long bytes) {
    return frame.extended_data(plane).capacity(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
  }

  private static float read(ByteBuffer data, int index, int packedFormat) {
    if (packedFormat == AV_SAMPLE_FMT_FLT) {
      return data.getFloat(index);
    } else if (packedFormat == AV_SAMPLE_FMT_S16) {
      return data.getShort(index) / 32768f;
    } else if (packedFormat == AV_SAMPLE_FMT_S32) {
      return data.getInt(index) / 2147483648f;
    } else if (packedFormat == AV_SAMPLE_FMT_DBL) {
      return (float) data.getDouble(index);
    } else if (packedFormat == AV_SAMPLE_FMT_U8) {
      return ((data.get(index) & 0xff) - 128) / 128f;
    } else if (packedFormat == AV_SAMPLE_FMT_S64) {
      return (float) (data.getLong(index) / 9.223372036854775807e18);
    }
    throw new IllegalStateException("unsupported sample format " + packedFormat);
  }
}
