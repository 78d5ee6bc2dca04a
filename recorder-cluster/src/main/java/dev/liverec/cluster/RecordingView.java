package dev.liverec.cluster;

import dev.liverec.RecordingStats;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A recording as any front sees it, read from Redis: what the guide's status endpoint shows
 * (state, output, file size, stats) plus the parts it was recorded in.
 *
 * @param worker the worker recording it now (or last), null while pending
 * @param reason why it failed or how it ended, when that is not a plain stop
 * @param outputUri the object of the current (or last) part
 * @param fileSize bytes over all parts
 * @param mediaDurationMs media over all parts
 * @param stats the current (or last) part's recorder statistics, as its worker last reported them
 */
public record RecordingView(
    String mintId,
    ClusterState state,
    @Nullable String reason,
    @Nullable String worker,
    Instant requestedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable String outputUri,
    long fileSize,
    long mediaDurationMs,
    RecordingSpec spec,
    List<PartView> parts,
    RecordingStats stats) {

  public RecordingView {
    parts = List.copyOf(parts);
  }
}
