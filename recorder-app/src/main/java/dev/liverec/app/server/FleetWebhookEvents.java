package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import dev.liverec.app.server.webhooks.Webhooks;
import dev.liverec.cluster.ClusterEvent;
import dev.liverec.cluster.ClusterEvents;
import dev.liverec.cluster.ClusterState;
import dev.liverec.cluster.RecordingView;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A fleet's recording events ({@link ClusterEvents}, read by a front started with
 * {@code --webhook-url}) as the webhooks {@code serve} sends, in the same shapes:
 *
 * <ul>
 *   <li>{@code recording_started}: the start was queued (what the start answered)
 *   <li>{@code recording_updated}: {@code update.kind} {@code state} (with {@code update.from}:
 *       pending or failing_over to recording, recording to stopping), or {@code failover}: the
 *       recording goes on in {@code update.part} after its worker {@code update.from_worker} died,
 *       drained or lost its recorder ({@code update.to_worker} when already known);
 *       {@code update.message} says it in words
 *   <li>{@code recording_ended}: {@code success} (stopped, not failed) and {@code file}: the last
 *       part's object ({@code s3://} path and name), the bytes and media of every part
 * </ul>
 *
 * {@code recording} is the recording as the fleet's status API shows it when the event is sent,
 * its {@code state} the one the event reports. The event's {@code id} is the same on every
 * delivery of it, by any front: receivers de-duplicate by it.
 */
final class FleetWebhookEvents implements ClusterEvents.Sink {
  private final Webhooks webhooks;

  FleetWebhookEvents(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public void accept(ClusterEvent event, Consumer<Boolean> settled) {
    webhooks.publish(event.id(), event.at(), event.name(), fields(event), settled);
  }

  /** The front disconnects next: deliver what is queued now (bounded), so it is acknowledged. */
  @Override
  public void drain() {
    webhooks.close();
  }

  static ObjectNode fields(ClusterEvent event) {
    ObjectNode fields = Json.MAPPER.createObjectNode();
    @Nullable RecordingView view = event.recording();
    ObjectNode recording = view != null ? ClusterRecordings.describe(view)
        : Json.MAPPER.createObjectNode().put("mint_id", event.mintId());
    if (!event.fact("to").isEmpty()) {
      recording.put("state", state(event.fact("to")));
    }
    fields.set("recording", recording);
    if (event.name().equals("recording_updated")) {
      update(event, fields.putObject("update"));
    } else if (event.name().equals("recording_ended")) {
      fields.put("success", !event.fact("to").equals(ClusterState.FAILED.name()));
      if (!event.fact("reason").isEmpty()) {
        recording.put("reason", event.fact("reason"));
      }
      ObjectNode file = fields.putObject("file");
      @Nullable String object = view == null ? null : view.outputUri();
      file.put("path", object);
      file.put("name", object == null ? null : object.substring(object.lastIndexOf('/') + 1));
      file.put("size", view == null ? 0 : view.fileSize());
      file.put("media_duration_s", view == null ? 0 : view.mediaDurationMs() / 1000.0);
    }
    return fields;
  }

  private static void update(ClusterEvent event, ObjectNode update) {
    String kind = event.fact("kind");
    update.put("kind", kind);
    if (!event.fact("from").isEmpty()) {
      update.put("from", state(event.fact("from")));
    }
    String worker = event.fact("worker");
    if (kind.equals("failover")) {
      update.put("part", Integer.parseInt(event.fact("part")));
      update.put("from_worker", event.fact("from_worker"));
      String to = event.fact("to_worker");
      if (!to.isEmpty()) {
        update.put("to_worker", to);
      }
      update.put("message", "part " + event.fact("part")
          + (to.isEmpty() ? " waits for another worker" : " goes on on worker " + to) + ": "
          + event.fact("reason"));
    } else {
      update.put("message", "the recording is " + state(event.fact("to"))
          + (worker.isEmpty() ? "" : " on worker " + worker));
    }
  }

  private static String state(String name) {
    return ClusterState.valueOf(name).apiName();
  }
}
