/**
 * The recording facade a host app uses: build a {@link dev.liverec.RecorderConfig}, open a
 * {@link dev.liverec.RecordingSession} for a {@link dev.liverec.spi.FrameSource}, {@code start()},
 * read {@code status()} from any thread, and {@code stop()} for a {@link dev.liverec.RecordingResult}.
 *
 * <p>All exceptions are unchecked and extend {@link dev.liverec.LiverecException}; each message
 * says what went wrong and what to do about it.
 */
@NullMarked
package dev.liverec;

import org.jspecify.annotations.NullMarked;
