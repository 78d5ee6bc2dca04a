package dev.liverec.cluster;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One worker's stretch of a recording: a complete MP4 object of its own.
 *
 * @param index 1, 2, ... in recording order
 * @param worker the worker that recorded it
 * @param objectUri {@code s3://bucket/key} of its object, once the worker opened it
 * @param startedAt when its worker took it
 * @param endedAt when it ended (for a dead worker: its last heartbeat), else null
 * @param mediaDurationMs media in it, as its worker last reported
 * @param bytes bytes of its object (uploaded so far while it records)
 * @param gapBeforeMs wall-clock time between the previous part's end and this one's start; null
 *     for the first part
 */
public record PartView(
    int index,
    String worker,
    PartState state,
    @Nullable String objectUri,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    long mediaDurationMs,
    long bytes,
    @Nullable Long gapBeforeMs) {}
