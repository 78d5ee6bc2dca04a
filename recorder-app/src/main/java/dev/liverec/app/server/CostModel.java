package dev.liverec.app.server;

import java.util.Locale;

/**
 * What a recording costs in CPU cores, from the benchmarks' capacity model (benchmarks/README.md):
 * a session spends about 5.2 ms per megapixel per frame at the veryfast preset on the 2-core
 * reference machine (10.6 ms for a 1080p frame, 4.9 ms for 720p), so a 1080p30 recording needs
 * about a third of a core. The server admits recordings while their sum stays within a budget,
 * by default 80% of the machine's cores.
 *
 * @param coreBudget cores the recordings may use together
 */
record CostModel(double coreBudget) {
  /** Milliseconds of one core per megapixel per frame (veryfast, reference machine). */
  static final double MS_PER_MEGAPIXEL_FRAME = 5.2;
  /** The format assumed when a source cannot tell ahead of the first frame (LiveKit: 720p30). */
  static final SourceFactory.StreamFormat UNKNOWN_FORMAT =
      new SourceFactory.StreamFormat(1280, 720, 30);

  CostModel {
    if (!(coreBudget > 0) || coreBudget > 1024) {
      throw new IllegalArgumentException("the CPU budget must be within 0..1024 cores, got "
          + coreBudget);
    }
  }

  /** 80% of the cores this JVM may use. */
  static CostModel forThisMachine() {
    return new CostModel(Runtime.getRuntime().availableProcessors() * 0.8);
  }

  /** Cores one recording of this format uses. */
  static double cost(SourceFactory.StreamFormat format) {
    double megapixels = (double) format.width() * format.height() / 1e6;
    return megapixels * format.frameRate() * MS_PER_MEGAPIXEL_FRAME / 1000.0;
  }

  /**
   * Admits a recording of {@code cost} next to recordings using {@code inUse}.
   *
   * @throws ApiException 503 with the figures when it does not fit
   */
  void admit(double inUse, double cost, int running) {
    if (running > 0 && inUse + cost > coreBudget) {
      throw ApiException.unavailable(String.format(Locale.ROOT,
          "not enough CPU: %d running recordings use about %.2f of %.2f cores and this one needs "
              + "%.2f more; stop one, or record a smaller size or frame rate",
          running, inUse, coreBudget, cost));
    }
  }
}
