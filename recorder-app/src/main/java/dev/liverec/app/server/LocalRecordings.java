package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.Recorder;
import dev.liverec.app.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The recordings of this machine: a {@link RecordingRegistry} of sessions writing files to the
 * recordings folder, its disk checks ({@link HealthState}) and its periodic watch
 * ({@link SessionWatch}).
 */
final class LocalRecordings implements RecordingService {
  private final RecordingRegistry registry;
  private final Recorder recorder;
  private final ServerAddOns addOns;
  private final HealthState health;
  private final SessionWatch watch;
  private final Path folder;
  private final double coreBudget;

  private LocalRecordings(RecordingRegistry registry, Recorder recorder, ServerAddOns addOns,
      HealthState health, Path folder, double coreBudget) {
    this.registry = registry;
    this.recorder = recorder;
    this.addOns = addOns;
    this.health = health;
    this.watch = new SessionWatch(registry);
    this.folder = folder;
    this.coreBudget = coreBudget;
  }

  /**
   * Opens the recordings folder (created if missing) and its registry, recording through {@code
   * base}'s providers and defaults with the add-ons' observers (webhooks) added; owns the recorder
   * from here on (closes it, on failure too).
   *
   * @throws IOException when the folder cannot be created
   */
  static LocalRecordings open(ServerConfig config, SourceFactory sources, Recorder base,
      ServerAddOns addOns) throws IOException {
    RecordingFiles files;
    try {
      files = new RecordingFiles(config.recordings(), Clock.systemUTC());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    HealthState health = new HealthState(files.folder(), config.minFreeBytes(), Clock.systemUTC());
    CostModel costs = config.coreBudget() > 0 ? new CostModel(config.coreBudget())
        : CostModel.forThisMachine();
    Recorder recorder = base.newBuilder().addMetrics(addOns.observers()).build();
    base.close();
    RecordingRegistry registry = new RecordingRegistry(files, sources, config.maxRecordings(),
        costs, health, recorder, addOns.listener());
    addOns.attach(registry);
    return new LocalRecordings(registry, recorder, addOns, health, files.folder(),
        costs.coreBudget());
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

  /** A recording's status as the API (and webhooks) show it: status fields and degraded. */
  static ObjectNode describe(RecordingRegistry.View view) {
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
    addOns.tick(registry);
  }

  /** Refuses new starts and stops every running recording so each file is complete. */
  @Override
  public void close() {
    try {
      registry.stopAll(Duration.ofSeconds(15));
    } finally {
      recorder.close();
    }
  }

  @Override
  public String toString() {
    return "recordings in " + folder + ", CPU budget " + coreBudget + " cores";
  }
}
