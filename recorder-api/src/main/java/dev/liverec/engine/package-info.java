/**
 * The pure-Java session engine every provider shares, one class per pipeline stage:
 * {@link dev.liverec.engine.FrameQueue} (bounded hand-over from the source's thread),
 * {@link dev.liverec.engine.TimestampNormalizer} (rebase, repair, gap accounting),
 * {@link dev.liverec.engine.SilenceFiller} (audio stays continuous through mute and absence),
 * {@link dev.liverec.engine.Pipeline} (the session thread: normalise, encode, mux) and
 * {@link dev.liverec.engine.SessionStats} (the metrics behind {@code status()}).
 *
 * <p>Public so that {@link dev.liverec.RecordingSession} and tests can reach it, but not part of
 * the supported API: host apps use {@code dev.liverec}, providers implement {@code dev.liverec.spi}.
 */
@NullMarked
package dev.liverec.engine;

import org.jspecify.annotations.NullMarked;
