package dev.liverec.cluster;

/** A second start for a mint_id that is still recording (409). */
public final class RecordingConflictException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public RecordingConflictException(String mintId, String state) {
    super("mint_id " + mintId + " is already " + state + "; stop it first");
  }
}
