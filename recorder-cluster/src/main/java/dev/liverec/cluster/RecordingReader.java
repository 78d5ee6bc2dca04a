package dev.liverec.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a recording's hash and its parts' hashes into a {@link RecordingView}. */
final class RecordingReader {
  private final RedisLink redis;
  private final Keys keys;
  private volatile @Nullable String bucket;

  /**
   * @param bucket shown in object URIs (parts store keys only); null for the one the workers
   *     announced in Redis
   */
  RecordingReader(RedisLink redis, Keys keys, @Nullable String bucket) {
    this.redis = redis;
    this.keys = keys;
    this.bucket = bucket;
  }

  private String bucket() {
    String known = bucket;
    if (known == null) {
      known = redis.call(r -> r.get(keys.bucket()));
      if (known == null) {
        return "unknown-bucket";
      }
      bucket = known;
    }
    return known;
  }

  @Nullable RecordingView read(String mintId) {
    Map<String, String> rec = redis.call(r -> r.hgetall(keys.recording(mintId)));
    if (rec.isEmpty() || !rec.containsKey("state")) {
      return null;
    }
    int count = Integer.parseInt(rec.getOrDefault("part", "1"));
    List<PartView> parts = new ArrayList<>();
    long bytes = 0;
    long media = 0;
    Instant previousEnd = null;
    String output = null;
    for (int i = 1; i <= count; i++) {
      int n = i;
      Map<String, String> p = redis.call(r -> r.hgetall(keys.part(mintId, n)));
      if (p.isEmpty()) {
        continue;
      }
      Instant started = instant(p.get("started_at"));
      Instant ended = instant(p.get("ended_at"));
      Long gap = previousEnd != null && started != null
          ? started.toEpochMilli() - previousEnd.toEpochMilli() : null;
      String key = p.get("key");
      String uri = key == null || key.isEmpty() ? null : "s3://" + bucket() + "/" + key;
      PartView part = new PartView(n, p.getOrDefault("worker", ""),
          PartState.valueOf(p.getOrDefault("state", "STARTING")), uri, started, ended,
          number(p.get("media_ms")), number(p.get("bytes")), gap);
      parts.add(part);
      bytes += part.bytes();
      media += part.mediaDurationMs();
      previousEnd = ended;
      if (uri != null) {
        output = uri;
      }
    }
    String worker = rec.get("worker");
    String reason = rec.get("reason");
    RecordingSpec spec = new RecordingSpec(mintId, (int) number(rec.get("width")),
        (int) number(rec.get("height")), (int) number(rec.get("fps")));
    return new RecordingView(mintId, ClusterState.valueOf(rec.get("state")),
        reason == null || reason.isEmpty() ? null : reason,
        worker == null || worker.isEmpty() ? null : worker,
        instant(rec.get("requested_at")) == null ? Instant.EPOCH : instant(rec.get("requested_at")),
        instant(rec.get("started_at")), instant(rec.get("ended_at")), output, bytes, media, spec,
        parts, StatsCodec.decode(rec));
  }

  static @Nullable Instant instant(@Nullable String millis) {
    return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
  }

  static long number(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return (long) Double.parseDouble(value);
    }
  }
}
