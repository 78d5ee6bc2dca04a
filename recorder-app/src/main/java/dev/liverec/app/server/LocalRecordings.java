package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.RecorderConfig;
import dev.liverec.app.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The recordings of this machine: a {@link RecordingRegistry} of sessions writing files to the
 * recordings folder, its disk checks ({@link HealthState}) and its periodic watch
 * ({@link SessionWatch}).
 */
final class LocalRecordings implements RecordingService {
  private final RecordingRegistry registry;
  private final HealthState health;
  private final SessionWatch watch;
  private final Path folder;
  private final double coreBudget;

  private LocalRecordings(RecordingRegistry registry, HealthState health, Path folder,
      double coreBudget) {
    this.registry = registry;
    this.health = health;
    this.watch = new SessionWatch(registry);
    this.folder = folder;
    this.coreBudget = coreBudget;
  }

  /**
   * Opens the recordings folder (created if missing) and its registry.
   *
   * @throws IOException when the folder cannot be created
   */
  static LocalRecordings open(ServerConfig config, SourceFactory sources,
      UnaryOperator<RecorderConfig.Builder> tuning) throws IOException {
    RecordingFiles files;
    try {
      files = new RecordingFiles(config.recordings(), Clock.systemUTC());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    HealthState health = new HealthState(files.folder(), config.minFreeBytes(), Clock.systemUTC());
    CostModel costs = config.coreBudget() > 0 ? new CostModel(config.coreBudget())
        : CostModel.forThisMachine();
    RecordingRegistry registry = new RecordingRegistry(files, sources, config.maxRecordings(),
        costs, health, tuning);
    return new LocalRecordings(registry, health, files.folder(), costs.coreBudget());
  }

  /** The recordings folder, absolute. */
  Path folder() {
    return folder;
  }

  @Override
  public ObjectNode start(MintId id, VideoQuality quality) {
    return describe(registry.start(id, quality));
  }

  @Override
  public ObjectNode stop(MintId id) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("mint_id", id.value());
    node.setAll(Json.result(registry.stop(id)));
    return node;
  }

  @Override
  public ObjectNode status(MintId id) {
    return describe(registry.status(id));
  }

  @Override
  public List<ObjectNode> active() {
    return registry.active().stream().map(LocalRecordings::describe).toList();
  }

  private static ObjectNode describe(RecordingRegistry.View view) {
    ObjectNode node = Json.status(view.status(), view.fileSize());
    node.put("degraded", view.degraded() != null);
    if (view.degraded() != null) {
      node.put("degraded_reason", view.degraded());
    }
    return node;
  }

  @Override
  public Health health() {
    List<String> storage = health.storageProblems();
    long degraded = registry.degradedCount();
    List<String> problems = new ArrayList<>(storage);
    if (degraded > 0) {
      problems.add(degraded + " recording(s) fall behind their source; see their status");
    }
    ObjectNode figures = Json.MAPPER.createObjectNode();
    figures.put("active_recordings", registry.activeCount());
    figures.put("degraded_recordings", degraded);
    return new Health(problems, !storage.isEmpty(), health.recentFailures(), figures);
  }

  @Override
  public void checkReady() {
    health.checkWritable();
  }

  @Override
  public void tick() {
    watch.tick();
  }

  /** Refuses new starts and stops every running recording so each file is complete. */
  @Override
  public void close() {
    registry.stopAll(Duration.ofSeconds(15));
  }

  @Override
  public String toString() {
    return "recordings in " + folder + ", CPU budget " + coreBudget + " cores";
  }
}
