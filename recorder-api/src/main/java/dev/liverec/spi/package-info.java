/**
 * Service provider interfaces: what a frame source, an encoder, a muxer and a metrics observer
 * must do. Providers are found with {@link java.util.ServiceLoader} ({@link EncoderProvider},
 * {@link MuxerProvider}, {@link MetricsProvider}), like SLF4J bindings: add
 * {@code dev.liverec:recorder-ffmpeg} to the classpath and sessions find it.
 *
 * <p>Threading: a {@link FrameSource} calls its {@link FrameSink} from any thread; encoders and
 * muxers are only ever called from the one session thread that owns them, so they need no locks.
 */
@NullMarked
package dev.liverec.spi;

import org.jspecify.annotations.NullMarked;
