package dev.liverec;

import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a session is doing now; cheap to take from any thread and never blocks the pipeline.
 *
 * @param failureReason why the session FAILED, else null
 * @param startedAt when {@code start()} was called, else null
 */
public record RecordingStatus(
    String name,
    RecordingState state,
    @Nullable String failureReason,
    Path output,
    @Nullable Instant startedAt,
    RecordingStats stats) {}
