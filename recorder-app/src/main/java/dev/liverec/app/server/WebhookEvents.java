package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import dev.liverec.app.Json;
import dev.liverec.app.server.webhooks.Webhooks;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's recordings as webhook events, in the shape of LiveKit Egress's:
 *
 * <ul>
 *   <li>{@code recording_started}: the start answered; {@code recording} is its status
 *   <li>{@code recording_updated}: {@code update.kind} says what changed: {@code state} (with
 *       {@code update.from}), {@code degraded}/{@code recovered}, {@code stalled}/{@code flowing},
 *       {@code source_notice} (a reconnect, a participant who left...), {@code source_failed},
 *       {@code muted}/{@code unmuted} (with {@code update.track}), {@code end_of_stream};
 *       {@code update.message} says it in words
 *   <li>{@code recording_ended}: {@code recording} with the final stats, and {@code file}: path,
 *       name, size on disk and media duration
 * </ul>
 *
 * State and degraded changes are found by {@link #poll} about once a second; source events and
 * stalls come from each session's observer. Nothing here blocks: building an event takes a status
 * snapshot and queues bytes.
 */
final class WebhookEvents implements RecordingListener {
  private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

  private record Seen(RecordingState state, boolean degraded) {}

  private final Webhooks webhooks;
  private final Map<MintId, Seen> seen = new HashMap<>();
  /** Recordings whose recording_started is out: a source event before it is part of the start. */
  private final Set<MintId> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Function<MintId, RecordingRegistry.View> status = id -> {
    throw new IllegalStateException("not attached to a registry yet");
  };

  WebhookEvents(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  /** Where the updates read a recording's status; set once the registry exists. */
  void attach(Function<MintId, RecordingRegistry.View> lookup) {
    this.status = lookup;
  }

  @Override
  public void started(RecordingRegistry.View view) {
    webhooks.publish("recording_started", recording(view));
    announced.add(new MintId(view.status().name()));
  }

  @Override
  public void ended(RecordingRegistry.View view, @Nullable RecordingResult result) {
    ObjectNode fields = recording(view);
    ObjectNode file = fields.putObject("file");
    file.put("path", view.status().output().toString());
    file.put("name", String.valueOf(view.status().output().getFileName()));
    file.put("size", result != null ? result.bytes() : view.fileSize());
    file.put("media_duration_s", (result != null ? result.mediaDuration().toMillis()
        : view.status().stats().mediaDurationMs()) / 1000.0);
    if (result != null) {
      fields.put("success", result.succeeded());
    }
    announced.remove(new MintId(view.status().name()));
    webhooks.publish("recording_ended", fields);
  }

  private static final Metrics NOTHING = new Metrics() {};

  /**
   * The observer for the session about to record {@code id}: source events and stalls become
   * {@code recording_updated} webhooks. Called on the session's threads.
   */
  Metrics observer(MintId id) {
    if (!webhooks.enabled()) {
      return NOTHING;
    }
    return new Metrics() {
      @Override
      public void sourceEvent(SourceEvent event) {
        if (event instanceof SourceEvent.Notice n) {
          update(id, "source_notice", n.message(), null);
        } else if (event instanceof SourceEvent.Failed f) {
          update(id, "source_failed", f.reason(), null);
        } else if (event instanceof SourceEvent.Muted m) {
          update(id, "muted", "the " + track(m.track()) + " track is muted", track(m.track()));
        } else if (event instanceof SourceEvent.Unmuted u) {
          update(id, "unmuted", "the " + track(u.track()) + " track is live again",
              track(u.track()));
        } else if (event instanceof SourceEvent.EndOfStream e) {
          update(id, "end_of_stream", e.reason(), null);
        }
      }

      @Override
      public void stalled(boolean stalled) {
        update(id, stalled ? "stalled" : "flowing", stalled
            ? "no frame has arrived for longer than the stall timeout" : "frames arrive again",
            null);
      }
    };
  }

  private static String track(dev.liverec.frame.TrackKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Compares the running recordings with the last poll and tells what changed. */
  void poll(List<RecordingRegistry.View> running) {
    if (!webhooks.enabled()) {
      return;
    }
    Set<MintId> now = new HashSet<>();
    for (RecordingRegistry.View view : running) {
      MintId id = new MintId(view.status().name());
      if (!announced.contains(id)) {
        continue; // still starting: recording_started tells its state
      }
      now.add(id);
      Seen current = new Seen(view.status().state(), view.degraded() != null);
      Seen before = seen.put(id, current);
      if (before == null) {
        continue;
      }
      if (before.state() != current.state()) {
        ObjectNode fields = updated(view, "state", "the recording is " + lower(current.state()));
        ((ObjectNode) fields.get("update")).put("from", lower(before.state()));
        webhooks.publish("recording_updated", fields);
      }
      if (before.degraded() != current.degraded()) {
        webhooks.publish("recording_updated", current.degraded()
            ? updated(view, "degraded", Objects.requireNonNull(view.degraded()))
            : updated(view, "recovered", "the recording keeps up with its source again"));
      }
    }
    seen.keySet().retainAll(now);
  }

  private void update(MintId id, String kind, String message, @Nullable String track) {
    if (!announced.contains(id)) {
      return;
    }
    try {
      ObjectNode fields = updated(status.apply(id), kind, message);
      if (track != null) {
        ((ObjectNode) fields.get("update")).put("track", track);
      }
      webhooks.publish("recording_updated", fields);
    } catch (RuntimeException e) {
      // An observer must not throw into the session; the update is lost, the recording is not.
      log.warn("[{}] webhook update '{}' not sent: {}", id, kind, e.toString());
    }
  }

  private static ObjectNode updated(RecordingRegistry.View view, String kind, String message) {
    ObjectNode fields = recording(view);
    ObjectNode update = fields.putObject("update");
    update.put("kind", kind);
    update.put("message", message);
    return fields;
  }

  private static ObjectNode recording(RecordingRegistry.View view) {
    ObjectNode fields = Json.MAPPER.createObjectNode();
    fields.set("recording", LocalRecordings.describe(view));
    return fields;
  }

  private static String lower(RecordingState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
