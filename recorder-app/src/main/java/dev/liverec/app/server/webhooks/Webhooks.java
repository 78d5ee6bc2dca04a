package dev.liverec.app.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends events to every configured receiver: {@code {"id", "event", "created_at", ...}} as JSON,
 * signed by {@link WebhookSigner}, each receiver from its own bounded queue and thread
 * ({@link WebhookDelivery}). {@link #publish} never blocks, so it may be called from a
 * recording's threads. Close to drain (bounded) and stop the threads.
 */
public final class Webhooks implements AutoCloseable {
  private final List<WebhookDelivery> receivers;
  private final Clock clock;

  private Webhooks(List<WebhookDelivery> receivers, Clock clock) {
    this.receivers = receivers;
    this.clock = clock;
  }

  /** Starts one delivery thread per receiver (none for {@link WebhookConfig#NONE}). */
  public static Webhooks start(WebhookConfig config) {
    Clock clock = Clock.systemUTC();
    WebhookSigner signer = new WebhookSigner(config.secret(), config.apiKey(), clock);
    List<WebhookDelivery> receivers = new ArrayList<>();
    for (URI url : config.urls()) {
      receivers.add(new WebhookDelivery(url, config, signer));
    }
    return new Webhooks(List.copyOf(receivers), clock);
  }

  /** True when there is at least one receiver. */
  public boolean enabled() {
    return !receivers.isEmpty();
  }

  /**
   * Queues an event for every receiver.
   *
   * @param event the event's name, e.g. {@code recording_started}
   * @param fields the event's own fields, added after {@code id}, {@code event} and
   *     {@code created_at}
   */
  public void publish(String event, ObjectNode fields) {
    if (receivers.isEmpty()) {
      return;
    }
    String id = "EV_" + UUID.randomUUID();
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("event", event);
    node.put("created_at", clock.instant().getEpochSecond());
    node.setAll(fields);
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event that cannot be written as JSON: " + event, e);
    }
    WebhookDelivery.Event queued = new WebhookDelivery.Event(id, event, body);
    receivers.forEach(r -> r.offer(queued));
  }

  @Override
  public void close() {
    receivers.parallelStream().forEach(WebhookDelivery::close);
  }
}
