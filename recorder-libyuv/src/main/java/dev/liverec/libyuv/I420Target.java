package dev.liverec.libyuv;

import dev.liverec.frame.VideoFrame;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;

/**
 * A liverec I420 {@link VideoFrame} seen as webrtc-java's {@link I420Buffer}, so libyuv writes
 * straight into the frame's planes (no WebRTC buffer, no copy). Ownership stays with the frame's
 * holder: this view frees nothing, and is used only for the one conversion call it is made for.
 */
final class I420Target implements I420Buffer {
  private final VideoFrame frame;

  I420Target(VideoFrame frame) {
    this.frame = frame;
  }

  /** Plane {@code i} from its position on (native code reads a direct buffer's base address). */
  private ByteBuffer plane(int i) {
    return frame.plane(i).slice();
  }

  @Override
  public ByteBuffer getDataY() {
    return plane(0);
  }

  @Override
  public ByteBuffer getDataU() {
    return plane(1);
  }

  @Override
  public ByteBuffer getDataV() {
    return plane(2);
  }

  @Override
  public int getStrideY() {
    return frame.stride(0);
  }

  @Override
  public int getStrideU() {
    return frame.stride(1);
  }

  @Override
  public int getStrideV() {
    return frame.stride(2);
  }

  @Override
  public int getWidth() {
    return frame.width();
  }

  @Override
  public int getHeight() {
    return frame.height();
  }

  @Override
  public I420Buffer toI420() {
    return this;
  }

  @Override
  public VideoFrameBuffer cropAndScale(int cropX, int cropY, int cropWidth, int cropHeight,
      int scaleWidth, int scaleHeight) {
    throw new UnsupportedOperationException("a conversion target only");
  }

  /** The frame's holder owns it; nothing to count. */
  @Override
  public void retain() {}

  /** The frame's holder owns it; nothing to free. */
  @Override
  public void release() {}
}
