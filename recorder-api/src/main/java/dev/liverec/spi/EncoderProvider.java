package dev.liverec.spi;

/**
 * Makes encoders. Found with {@link java.util.ServiceLoader}; when several are present the one
 * with the highest {@link #priority()} wins unless the config names one.
 */
public interface EncoderProvider {
  String name();

  default int priority() {
    return 0;
  }

  /** @throws dev.liverec.MediaException when no usable codec is present */
  VideoEncoder openVideo(VideoEncoderSettings settings);

  /** @throws dev.liverec.MediaException when no usable codec is present */
  AudioEncoder openAudio(AudioEncoderSettings settings);

  /**
   * The scale stage in front of a video encoder of {@code width} x {@code height}; the pictures
   * it makes come from {@code pool}.
   */
  VideoScaler openScaler(int width, int height, dev.liverec.frame.FramePool pool);
}
