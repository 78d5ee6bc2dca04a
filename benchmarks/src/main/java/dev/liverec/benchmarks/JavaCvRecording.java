package dev.liverec.benchmarks;

import java.nio.Buffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** JavaCV set up the way liverec is: the settings of {@link BenchSettings}, MP4 output. */
final class JavaCvRecording {
  private JavaCvRecording() {}

  static FFmpegFrameRecorder start(Path file, int width, int height, String preset)
      throws Exception {
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodecName("libx264");
    recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(BenchSettings.FRAME_RATE);
    long bitRate = BenchSettings.bitRate(width, height);
    recorder.setVideoBitrate((int) bitRate);
    recorder.setGopSize(BenchSettings.gop());
    recorder.setMaxBFrames(0);
    recorder.setVideoOption("preset", preset);
    recorder.setVideoOption("tune", "zerolatency");
    recorder.setVideoOption("x264-params", BenchSettings.X264_PARAMS);
    recorder.setVideoOption("maxrate", Long.toString(bitRate * 3 / 2));
    recorder.setVideoOption("bufsize", Long.toString(bitRate));
    recorder.setVideoOption("keyint_min", Integer.toString(BenchSettings.gop()));
    recorder.start();
    return recorder;
  }

  /**
   * Stored picture {@code f} as a JavaCV {@link Frame} over the same direct buffer: I420 as one
   * contiguous Y/U/V buffer with stride = width, BGR24 packed with stride = 3 x width.
   */
  static Frame frame(TexturedFrames source, int f, boolean i420) {
    Frame frame = new Frame();
    frame.imageWidth = source.width();
    frame.imageHeight = source.height();
    frame.imageDepth = Frame.DEPTH_UBYTE;
    frame.imageChannels = i420 ? 1 : 3;
    frame.imageStride = i420 ? source.width() : source.width() * 3;
    frame.image = new Buffer[] {i420 ? source.i420(f) : source.bgr(f)};
    return frame;
  }
}
