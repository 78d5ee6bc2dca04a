package dev.liverec.app.server;

import dev.liverec.app.server.webhooks.WebhookConfig;
import dev.liverec.app.server.webhooks.Webhooks;
import dev.liverec.spi.MetricsProvider;
import java.util.List;

/**
 * What the server adds around its registry besides the API: {@code /metrics}
 * ({@link ServerMetrics}) and webhooks ({@link WebhookEvents}). Closed after the registry has
 * stopped every recording, so the last {@code recording_ended} events are sent (bounded).
 */
final class ServerAddOns implements AutoCloseable {
  private final ServerMetrics metrics;
  private final Webhooks webhooks;
  private final WebhookEvents events;

  private ServerAddOns(ServerMetrics metrics, Webhooks webhooks) {
    this.metrics = metrics;
    this.webhooks = webhooks;
    this.events = new WebhookEvents(webhooks);
  }

  static ServerAddOns start(WebhookConfig webhooks) {
    ServerMetrics metrics = new ServerMetrics();
    try {
      return new ServerAddOns(metrics, Webhooks.start(webhooks));
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  ServerMetrics metrics() {
    return metrics;
  }

  /** What the registry tells. */
  RecordingListener listener() {
    return RecordingListener.all(List.of(metrics, events));
  }

  /** Each recording's observer: its source events and stalls become webhook updates. */
  MetricsProvider observers() {
    return name -> events.observer(new MintId(name));
  }

  /** Lets webhook updates read statuses from the registry. */
  void attach(RecordingRegistry registry) {
    events.attach(registry::status);
  }

  /**
   * Sends the fleet's recording events through this server's webhooks, if it has receivers: the
   * front reads them until it closes (see {@link FleetWebhookEvents}).
   */
  void sendFleetEvents(dev.liverec.cluster.ClusterFront front) {
    if (webhooks.enabled()) {
      front.sendEvents(new FleetWebhookEvents(webhooks));
    }
  }

  /** About once a second: state and degraded changes become webhook updates. */
  void tick(RecordingRegistry registry) {
    events.poll(registry.active());
  }

  @Override
  public void close() {
    try {
      webhooks.close();
    } finally {
      metrics.close();
    }
  }
}
