package dev.liverec.testkit;

/**
 * One stream of a probed file, as FFmpeg's demuxer and decoder saw it.
 *
 * <p>Only the first video and the first audio stream are decoded; other streams report {@code
 * decodedFrameCount == 0} and {@code durationSeconds == 0}.
 *
 * @param index stream index in the container
 * @param kind video, audio or other
 * @param codec FFmpeg codec name, e.g. {@code h264} or {@code aac}
 * @param width coded width from the stream header (video), otherwise 0
 * @param height coded height from the stream header (video), otherwise 0
 * @param sampleRate sample rate in Hz (audio), otherwise 0
 * @param channels channel count (audio), otherwise 0
 * @param durationSeconds decoded span: end of the last decoded frame minus start of the first
 * @param packetCount packets the demuxer delivered for this stream
 * @param decodedFrameCount frames the decoder returned without error
 */
public record StreamReport(
    int index,
    StreamKind kind,
    String codec,
    int width,
    int height,
    int sampleRate,
    int channels,
    double durationSeconds,
    long packetCount,
    long decodedFrameCount) {}
