/**
 * Decoded media handed to a recording: {@link dev.liverec.frame.VideoFrame} and
 * {@link dev.liverec.frame.AudioFrame}.
 *
 * <p>Ownership: a frame belongs to whoever holds it. Handing it to a
 * {@link dev.liverec.spi.FrameSink} hands it over; the session closes it after the encoder has
 * copied it, and {@link dev.liverec.frame.VideoFrame#close()} returns its buffers to the
 * {@link dev.liverec.frame.FramePool} they came from. Every size is checked in Java when a frame is
 * made, so nothing native ever reads past a buffer.
 */
@NullMarked
package dev.liverec.frame;

import org.jspecify.annotations.NullMarked;
