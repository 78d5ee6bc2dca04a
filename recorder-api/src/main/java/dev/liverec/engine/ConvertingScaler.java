package dev.liverec.engine;

import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PictureConverter;
import dev.liverec.spi.VideoScaler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale stage with a {@link PictureConverter} in front of the encoder provider's scaler: a
 * packed picture already at the output size that the converter accepts is converted into a pooled
 * I420 frame; every other picture (another size, I420, a layout the converter declines) goes to the
 * provider's scaler. Should the converter fail, it is set aside for the rest of this scaler's life
 * and the provider's scaler converts instead: a faster route never costs a recording.
 *
 * <p>Owns the provider's scaler and closes it; the converter holds nothing. One thread at a time,
 * like every {@link VideoScaler}.
 */
final class ConvertingScaler implements VideoScaler {
  private static final Logger log = LoggerFactory.getLogger(ConvertingScaler.class);

  private final PictureConverter converter;
  private final VideoScaler scaler;
  private final int width;
  private final int height;
  private final FramePool pool;
  private boolean converterFailed;

  ConvertingScaler(PictureConverter converter, VideoScaler scaler, int width, int height,
      FramePool pool) {
    this.converter = converter;
    this.scaler = scaler;
    this.width = width;
    this.height = height;
    this.pool = pool;
  }

  @Override
  public VideoFrame scale(VideoFrame frame) {
    if (converterFailed || !frame.format().isPacked() || frame.width() != width
        || frame.height() != height || !converter.accepts(frame)) {
      return scaler.scale(frame);
    }
    VideoFrame out = pool.acquireVideo(PixelFormat.I420, width, height, frame.captureTimeUs());
    try {
      converter.toI420(frame, out);
      return out;
    } catch (RuntimeException e) {
      out.close();
      converterFailed = true;
      log.warn("the {} picture converter failed on a {}x{} {} picture ({}); the scale stage "
          + "converts the rest itself", converter.name(), width, height, frame.format(),
          e.toString());
      return scaler.scale(frame);
    }
  }

  @Override
  public void close() {
    scaler.close();
  }
}
