package dev.liverec.app;

import dev.liverec.app.server.RecordingServer;
import dev.liverec.app.server.ServerConfig;
import dev.liverec.app.server.SourceFactory;
import dev.liverec.app.server.webhooks.WebhookConfig;
import dev.liverec.cluster.ClusterConfig;
import dev.liverec.cluster.ClusterFront;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code serve --cluster}: the API served by a front of the fleet instead of local sessions. */
final class ClusterServe {
  private ClusterServe() {}

  /**
   * Connects to the fleet's Redis, then binds; with webhook receivers, this front sends the
   * fleet's recording events too.
   *
   * @throws dev.liverec.cluster.ClusterUnavailableException when Redis does not answer
   * @throws IOException when the address cannot be bound
   */
  static RecordingServer start(CommandSpec spec, ClusterOptions options, ServerConfig config,
      SourceFactory sources, WebhookConfig webhooks) throws IOException {
    ClusterConfig cluster = options.config(spec);
    ClusterFront front = options.connect(() -> ClusterFront.open(cluster));
    try {
      return RecordingServer.startCluster(config, sources, front, webhooks);
    } catch (IOException | RuntimeException e) {
      front.close();
      throw e;
    }
  }
}
