package dev.liverec.app.server;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The start request's {@code video_quality}: a factor on the recorder's default bit rate. */
public enum VideoQuality {
  /** Half the default bit rate. */
  LOW(0.5),
  /** The recorder's default: 2 Mbit/s at 1080p30, scaled by pixels and frame rate. */
  MEDIUM(1.0),
  /** Twice the default bit rate. */
  HIGH(2.0);

  private final double bitRateFactor;

  VideoQuality(double bitRateFactor) {
    this.bitRateFactor = bitRateFactor;
  }

  /** Multiplies the default bit rate. */
  public double bitRateFactor() {
    return bitRateFactor;
  }

  /**
   * Parses {@code low}, {@code medium} or {@code high}; null means medium.
   *
   * @throws ApiException 400 for anything else
   */
  static VideoQuality parse(@Nullable String text) {
    if (text == null) {
      return MEDIUM;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high" -> HIGH;
      default -> throw ApiException.badRequest("video_quality must be low, medium or high");
    };
  }
}
