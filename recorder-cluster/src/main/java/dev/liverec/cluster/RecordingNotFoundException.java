package dev.liverec.cluster;

/** No recording with this mint_id is known to the cluster (404). */
public final class RecordingNotFoundException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public RecordingNotFoundException(String mintId) {
    super("no recording with mint_id " + mintId + "; start one with POST /api/recording/start");
  }
}
