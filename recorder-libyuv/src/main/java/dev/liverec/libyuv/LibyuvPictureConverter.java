package dev.liverec.libyuv;

import dev.liverec.MediaException;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.PictureConverter;
import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packed RGB to I420 with libyuv (its {@code ConvertToI420}, SIMD on x86 and ARM; BT.601 limited
 * range like swscale's default), through webrtc-java, whose natives carry libyuv. About seven times
 * cheaper than swscale for a 1080p BGR24 picture on this project's benchmark machine
 * (benchmarks/README.md).
 *
 * <p>Takes BGR24, BGRA and RGBA pictures whose rows have no padding (libyuv's entry point reads
 * the source as one tight block); declines RGB24 (webrtc-java does not name libyuv's layout for
 * it) and padded rows, which the scale stage then converts itself. When webrtc-java's natives do not
 * load (a platform without them) it declines everything, and says so once.
 *
 * <p>Stateless; any thread. Found with {@link java.util.ServiceLoader}.
 */
public final class LibyuvPictureConverter implements PictureConverter {
  private static final Logger log = LoggerFactory.getLogger(LibyuvPictureConverter.class);

  /**
   * Loads webrtc-java's natives (a 23 MB library) on first use, not when ServiceLoader makes the
   * converter: a recorder of I420 sources never offers a packed picture and never pays for it.
   */
  private static final class Natives {
    static final boolean LOADED = loadNatives();
  }

  /** For {@link java.util.ServiceLoader}. */
  public LibyuvPictureConverter() {}

  @Override
  public String name() {
    return "libyuv";
  }

  /**
   * Whether libyuv loads on this machine (loading it now if it has not been); without it {@link
   * #accepts} is always false.
   */
  public static boolean available() {
    return Natives.LOADED;
  }

  @Override
  public boolean accepts(VideoFrame packed) {
    if (fourCc(packed.format()) == null || !Natives.LOADED) {
      return false;
    }
    ByteBuffer plane = packed.plane(0);
    int row = packed.format().minStride(0, packed.width());
    return plane.isDirect() && packed.stride(0) == row
        && plane.remaining() >= (long) row * packed.height();
  }

  @Override
  public void toI420(VideoFrame packed, VideoFrame i420) {
    FourCC layout = fourCc(packed.format());
    if (!accepts(packed) || layout == null) {
      throw new MediaException("libyuv does not take this picture (" + packed
          + "); ask accepts() first");
    }
    if (i420.format() != PixelFormat.I420 || i420.width() != packed.width()
        || i420.height() != packed.height()) {
      throw new MediaException("the target must be I420 of " + packed.width() + "x"
          + packed.height() + ", not " + i420);
    }
    try {
      VideoBufferConverter.convertToI420(packed.plane(0).slice(), new I420Target(i420), layout);
    } catch (Exception e) {
      throw new MediaException("libyuv could not convert a " + packed.width() + "x"
          + packed.height() + " " + packed.format() + " picture: " + e.getMessage(), e);
    }
  }

  /**
   * libyuv's name for a layout, by byte order in memory: its "24BG" (RGB24) is B, G, R; its
   * "ARGB" is B, G, R, A; its "ABGR" is R, G, B, A. Null for layouts not taken.
   */
  private static @Nullable FourCC fourCc(PixelFormat format) {
    return switch (format) {
      case BGR24 -> FourCC.BG24;
      case BGRA -> FourCC.ARGB;
      case RGBA -> FourCC.ABGR;
      case RGB24, I420 -> null;
    };
  }

  /** webrtc-java loads its natives (libyuv among them) when its factory class is initialised. */
  private static boolean loadNatives() {
    try {
      Class.forName("dev.onvoid.webrtc.PeerConnectionFactory", true,
          LibyuvPictureConverter.class.getClassLoader());
      return true;
    } catch (Throwable e) {
      log.info("libyuv is unavailable here (webrtc-java's natives did not load: {}); the scale "
          + "stage converts packed RGB pictures itself", e.toString());
      return false;
    }
  }
}
