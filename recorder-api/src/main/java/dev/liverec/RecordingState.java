package dev.liverec;

/**
 * Where a session is in its life: NEW -> STARTING -> RECORDING -> STOPPING -> STOPPED, or FAILED
 * (from STARTING, RECORDING or STOPPING) with a reason. STOPPED and FAILED are final.
 */
public enum RecordingState {
  NEW,
  STARTING,
  RECORDING,
  STOPPING,
  STOPPED,
  FAILED;

  public boolean isFinal() {
    return this == STOPPED || this == FAILED;
  }
}
