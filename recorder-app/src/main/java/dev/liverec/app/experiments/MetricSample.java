package dev.liverec.app.experiments;

/**
 * One row of the guide's {@code metrics.csv}.
 *
 * @param timeSeconds seconds of recording (media time) since the test started
 * @param fileSize bytes of the output file
 * @param memoryKb process RSS in KiB, like the guide's {@code ps aux} column; the 30 s samples
 *     (metrics.csv) take it right after a full GC ({@link MemoryProbe#retainedRssKb()}), the
 *     denser chart samples as it is
 * @param frames video frames written
 * @param packets packets written
 * @param streak zero_packet_streak
 */
record MetricSample(
    double timeSeconds, long fileSize, long memoryKb, long frames, long packets, long streak) {

  double memoryMb() {
    return memoryKb / 1024.0;
  }

  double fileSizeMb() {
    return fileSize / (1024.0 * 1024.0);
  }
}
