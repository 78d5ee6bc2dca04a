package dev.liverec.cluster;

import java.util.Locale;

/** Where a recording is in the fleet. STOPPED and FAILED are final; nothing stays in another state forever. */
public enum ClusterState {
  /** Waiting for a worker with capacity to take it. */
  PENDING,
  /** A worker records it and streams it to the object store. */
  RECORDING,
  /** Its worker died or handed it over; a continuation part waits for another worker. */
  FAILING_OVER,
  /** A stop was asked for; the worker completes the object. */
  STOPPING,
  /** Ended: every part is (or is being) completed in the object store. */
  STOPPED,
  /** Ended without a recording, or the worker's recorder failed; see the reason. */
  FAILED;

  public boolean isFinal() {
    return this == STOPPED || this == FAILED;
  }

  /** The name the guide's REST API shows: lower case. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
