package dev.liverec.cluster;

import java.util.regex.Pattern;

/**
 * What to record: a mint_id and the picture the worker encodes. A continuation after a failover
 * has the same spec and a higher part number.
 *
 * @param mintId the recording's id, {@code [A-Za-z0-9_-]{1,128}}
 * @param width encoded width, even
 * @param height encoded height, even
 * @param frameRate frames per second
 */
public record RecordingSpec(String mintId, int width, int height, int frameRate) {
  private static final Pattern MINT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public RecordingSpec {
    if (!MINT_ID.matcher(mintId).matches()) {
      throw new IllegalArgumentException("mint_id must be 1-128 of [A-Za-z0-9_-]");
    }
    if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0 || width > 8192 || height > 8192) {
      throw new IllegalArgumentException("size must be even and within 2..8192, got " + width + "x" + height);
    }
    if (frameRate < 1 || frameRate > 120) {
      throw new IllegalArgumentException("frame rate must be within 1..120, got " + frameRate);
    }
  }

  /** The CPUs this recording costs a worker ({@link RecordingCost}). */
  public double cost() {
    return RecordingCost.cpus(width, height, frameRate);
  }
}
