package dev.liverec.app.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Json;
import dev.liverec.cluster.ClusterException;
import dev.liverec.cluster.ClusterFront;
import dev.liverec.cluster.ClusterState;
import dev.liverec.cluster.ClusterUnavailableException;
import dev.liverec.cluster.FleetHealth;
import dev.liverec.cluster.NoCapacityException;
import dev.liverec.cluster.PartView;
import dev.liverec.cluster.RecordingConflictException;
import dev.liverec.cluster.RecordingNotFoundException;
import dev.liverec.cluster.RecordingSpec;
import dev.liverec.cluster.RecordingView;
import dev.liverec.cluster.WorkerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A fleet's recordings, through a {@link ClusterFront}: starts are queued in Redis for the workers,
 * every answer is read from Redis, so any front answers for every recording. A recording is
 * described with the guide's fields ({@code output_path} is the current part's {@code s3://}
 * object, {@code file_size} and {@code media_duration_s} cover every part) plus the worker and the
 * parts a failover made. The picture size and rate a start asks for are the source's expected
 * format ({@code serve --size/--fps}); the fleet records at medium quality only.
 */
final class ClusterRecordings implements RecordingService {
  private final ClusterFront front;
  private final SourceFactory.StreamFormat format;

  ClusterRecordings(ClusterFront front, SourceFactory sources) {
    this.front = front;
    this.format = sources.expectedFormat().orElse(CostModel.UNKNOWN_FORMAT);
  }

  @Override
  public ObjectNode start(MintId id, VideoQuality quality) {
    if (quality != VideoQuality.MEDIUM) {
      throw ApiException.badRequest("the fleet records at medium quality only; leave "
          + "video_quality out or send \"medium\"");
    }
    RecordingSpec spec =
        new RecordingSpec(id.value(), format.width(), format.height(), format.frameRate());
    return describe(call(() -> front.start(spec)));
  }

  @Override
  public ObjectNode stop(MintId id) {
    RecordingView view = call(() -> front.stop(id.value()));
    ObjectNode node = describe(view);
    node.put("success", view.state() != ClusterState.FAILED);
    return node;
  }

  @Override
  public ObjectNode status(MintId id) {
    return describe(call(() -> front.status(id.value())));
  }

  @Override
  public List<ObjectNode> active() {
    return call(front::active).stream().map(ClusterRecordings::describe).toList();
  }

  static ObjectNode describe(RecordingView view) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("mint_id", view.mintId());
    node.put("state", view.state().apiName());
    if (view.reason() != null) {
      node.put("reason", view.reason());
    }
    node.put("output_path", view.outputUri());
    node.put("file_size", view.fileSize());
    node.put("media_duration_s", view.mediaDurationMs() / 1000.0);
    putInstant(node, "started_at", view.startedAt());
    node.put("worker", view.worker());
    node.put("size", view.spec().width() + "x" + view.spec().height());
    node.put("fps", view.spec().frameRate());
    ArrayNode parts = node.putArray("parts");
    for (PartView part : view.parts()) {
      ObjectNode p = parts.addObject();
      p.put("part", part.index());
      p.put("worker", part.worker());
      p.put("state", part.state().name().toLowerCase(Locale.ROOT));
      p.put("object", part.objectUri());
      putInstant(p, "started_at", part.startedAt());
      putInstant(p, "ended_at", part.endedAt());
      p.put("media_duration_s", part.mediaDurationMs() / 1000.0);
      p.put("bytes", part.bytes());
      if (part.gapBeforeMs() != null) {
        p.put("gap_before_s", part.gapBeforeMs() / 1000.0);
      }
    }
    node.set("stats", Json.stats(view.stats()));
    return node;
  }

  private static void putInstant(ObjectNode node, String field, @Nullable Instant at) {
    if (at != null) {
      node.put(field, at.toString());
    }
  }

  @Override
  public Health health() {
    FleetHealth fleet;
    try {
      fleet = front.health();
    } catch (ClusterException e) {
      return new Health(List.of("the cluster's Redis does not answer: " + e.getMessage()), true,
          List.of(), Json.MAPPER.createObjectNode());
    }
    List<String> problems = new ArrayList<>();
    if (fleet.liveWorkers() == 0) {
      problems.add("no recording worker is alive; start one with `liverec worker --cluster ...`");
    }
    ObjectNode figures = Json.MAPPER.createObjectNode();
    figures.put("active_recordings", fleet.activeRecordings());
    figures.put("live_workers", fleet.liveWorkers());
    figures.put("free_cpus", round(fleet.freeCpus()));
    ArrayNode workers = figures.putArray("workers");
    for (WorkerView w : fleet.workers()) {
      ObjectNode node = workers.addObject();
      node.put("id", w.id());
      node.put("alive", w.alive());
      node.put("draining", w.draining());
      node.put("recordings", w.recordings());
      node.put("capacity_cpus", round(w.capacityCpus()));
      node.put("used_cpus", round(w.usedCpus()));
    }
    return new Health(problems, fleet.liveWorkers() == 0, List.of(), figures);
  }

  private static double round(double cpus) {
    return Math.round(cpus * 1000) / 1000.0;
  }

  /** 503 unless some live worker has room for one more recording of the expected format. */
  @Override
  public void checkReady() {
    double cost = new RecordingSpec("ready", format.width(), format.height(), format.frameRate())
        .cost();
    FleetHealth fleet = call(front::health);
    if (fleet.freeCpus() + 1e-9 < cost) {
      throw ApiException.unavailable(String.format(Locale.ROOT, "no worker has room for a %dx%d@%d "
          + "recording (%.3f CPU); the most any of the %d live workers has free is %.3f",
          format.width(), format.height(), format.frameRate(), cost, fleet.liveWorkers(),
          fleet.freeCpus()));
    }
  }

  /** The cluster's typed failures as the API's answers. */
  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (NoCapacityException | ClusterUnavailableException e) {
      throw ApiException.unavailable(String.valueOf(e.getMessage()));
    } catch (RecordingConflictException e) {
      throw ApiException.conflict(String.valueOf(e.getMessage()));
    } catch (RecordingNotFoundException e) {
      throw ApiException.notFound(String.valueOf(e.getMessage()));
    } catch (ClusterException e) {
      throw ApiException.internal(String.valueOf(e.getMessage()));
    }
  }

  /** Closes the front; the fleet's recordings go on. */
  @Override
  public void close() {
    front.close();
  }

  @Override
  public String toString() {
    return "a cluster front (recordings on the fleet's workers, " + format.width() + "x"
        + format.height() + "@" + format.frameRate() + " each)";
  }
}
