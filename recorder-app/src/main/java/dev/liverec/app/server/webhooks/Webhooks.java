package dev.liverec.app.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends events to every configured receiver: {@code {"id", "event", "created_at", ...}} as JSON,
 * signed by {@link WebhookSigner}, each receiver from its own bounded queue and thread
 * ({@link WebhookDelivery}). {@link #publish} never blocks, so it may be called from a
 * recording's threads. Close to drain (bounded) and stop the threads.
 */
public final class Webhooks implements AutoCloseable {
  private final List<WebhookDelivery> receivers;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

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
    publish("EV_" + UUID.randomUUID(), clock.instant(), event, fields, settled -> { });
  }

  /**
   * Queues an event for every receiver, with the id and time its source gave it (a redelivery
   * carries the same ones), and tells {@code settled} once: true when every receiver has it
   * delivered or given up on, false when some receiver could not take it (its queue was full, it
   * closed first).
   */
  public void publish(String id, Instant createdAt, String event, ObjectNode fields,
      Consumer<Boolean> settled) {
    if (receivers.isEmpty()) {
      settled.accept(true);
      return;
    }
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("event", event);
    node.put("created_at", createdAt.getEpochSecond());
    node.setAll(fields);
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event that cannot be written as JSON: " + event, e);
    }
    AtomicInteger waiting = new AtomicInteger(receivers.size());
    AtomicBoolean all = new AtomicBoolean(true);
    Consumer<Boolean> one = ok -> {
      if (!ok) {
        all.set(false);
      }
      if (waiting.decrementAndGet() == 0) {
        settled.accept(all.get());
      }
    };
    WebhookDelivery.Event queued = new WebhookDelivery.Event(id, event, body, one);
    for (WebhookDelivery receiver : receivers) {
      if (!receiver.offer(queued)) {
        one.accept(false);
      }
    }
  }

  /** Drains every receiver's queue (bounded) and stops its thread; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      receivers.parallelStream().forEach(WebhookDelivery::close);
    }
  }
}
