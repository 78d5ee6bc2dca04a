package dev.liverec;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link RecordingRecovery#recover} saved from a file a crashed recorder left behind.
 *
 * @param packets packets copied into the repaired file
 * @param truncated true when the input ended inside a fragment (the incomplete tail is dropped)
 */
public record RecoveryResult(Path output, Duration mediaDuration, long packets, boolean truncated) {}
