package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the guide's endpoints ({@link ApiRoutes}) talk to: the recordings of this machine
 * ({@link LocalRecordings}) or of a fleet of workers behind Redis ({@link ClusterRecordings}).
 * Each call returns the JSON fields that describe a recording in the guide's answers
 * ({@code mint_id}, {@code state}, {@code output_path}, {@code file_size}, {@code stats}, ...) or
 * throws an {@link ApiException} with its HTTP status.
 */
interface RecordingService extends AutoCloseable {
  /** Starts a recording; 409 when it runs, 503 when there is no room, 500 when it cannot start. */
  ObjectNode start(MintId id, VideoQuality quality);

  /** Stops a recording and describes how it ended; stopping a finished one describes it again. */
  ObjectNode stop(MintId id);

  /** A running or finished recording; 404 for an unknown id. */
  ObjectNode status(MintId id);

  /** The recordings running now. */
  List<ObjectNode> active();

  /** What {@code /health} reports. */
  Health health();

  /** Throws a 503 {@link ApiException} with the reason when a start would be refused now. */
  void checkReady();

  /** Runs about once a second on the server's ticker. */
  default void tick() {}

  /** Ends the service when the server stops (for local recordings: stops each one cleanly). */
  @Override
  void close();

  /**
   * The service's part of {@code /health}.
   *
   * @param problems why it is not ok, empty when it is
   * @param unavailable true when no recording can be written at all (not merely degraded)
   * @param recentFailures recordings that failed lately, oldest first
   * @param figures counts shown as they are ({@code active_recordings}, ...)
   */
  record Health(List<String> problems, boolean unavailable, List<String> recentFailures,
      ObjectNode figures) {
    public Health {
      problems = List.copyOf(problems);
      recentFailures = List.copyOf(recentFailures);
    }
  }
}
