package dev.liverec.cluster;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One change of a recording, as the script that made it wrote it to the fleet's events stream
 * (see {@link ClusterEvents}).
 *
 * @param id stable for the stream entry: a redelivery carries the same one
 * @param name {@code recording_started}, {@code recording_updated} or {@code recording_ended}
 * @param at when the change was made (the fleet's clock)
 * @param facts what the change was: {@code from} and {@code to} (states), {@code kind} of an
 *     update ({@code state}, {@code failover}), {@code part}, {@code worker}, {@code from_worker},
 *     {@code to_worker}, {@code reason}; only those that apply
 * @param recording the recording as the status API shows it now (null if it is gone)
 */
public record ClusterEvent(String id, String name, String mintId, Instant at, Map<String, String> facts,
    @Nullable RecordingView recording) {
  public ClusterEvent {
    facts = Map.copyOf(facts);
  }

  /** A fact, or "" when the change has none by that name. */
  public String fact(String key) {
    return facts.getOrDefault(key, "");
  }
}
