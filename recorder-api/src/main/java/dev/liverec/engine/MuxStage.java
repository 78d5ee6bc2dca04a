package dev.liverec.engine;

import dev.liverec.frame.TrackKind;
import dev.liverec.spi.EncodedPacket;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.Muxer;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.MuxerSettings;
import dev.liverec.spi.StreamDescriptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mux stage: the recording's file. It opens once the first picture has fixed the output
 * ({@link #open}), takes each track's packets through that track's {@link TimedPackets} (so the
 * time spent here is reported as {@link dev.liverec.spi.Stage#MUX} and kept apart from encoding),
 * and completes the file at the end ({@link #finish}), or as well as it still can after a failure
 * ({@link #salvage}).
 *
 * <p>Owns the {@link Muxer}; {@link #close()} frees it once. Session thread only, except {@link
 * #isOpen()}.
 */
final class MuxStage implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MuxStage.class);

  private final String name;
  private final MuxerProvider muxers;
  private final MuxerSettings settings;
  private final Metrics metrics;
  private final SessionStats stats;
  private final TimedPackets videoPackets;
  private final TimedPackets audioPackets;
  private @Nullable Muxer muxer;
  private int videoStream = -1;
  private int audioStream = -1;
  private volatile boolean open;

  MuxStage(String name, MuxerProvider muxers, MuxerSettings settings, Metrics metrics,
      SessionStats stats) {
    this.name = name;
    this.muxers = muxers;
    this.settings = settings;
    this.metrics = metrics;
    this.stats = stats;
    this.videoPackets = new TimedPackets(p -> write(videoStream, TrackKind.VIDEO, p), metrics);
    this.audioPackets = new TimedPackets(p -> write(audioStream, TrackKind.AUDIO, p), metrics);
  }

  /** Where the video encoder's packets go. */
  TimedPackets videoPackets() {
    return videoPackets;
  }

  /** Where the audio encoder's packets go. */
  TimedPackets audioPackets() {
    return audioPackets;
  }

  /** Creates the file with these streams and writes its header. Once. */
  void open(StreamDescriptor video, @Nullable StreamDescriptor audio) {
    Muxer opened = muxers.open(settings);
    muxer = opened;
    videoStream = opened.addStream(video);
    if (audio != null) {
      audioStream = opened.addStream(audio);
    }
    opened.begin();
    open = true;
  }

  /** Whether the header is written, i.e. a file exists. Any thread. */
  boolean isOpen() {
    return open;
  }

  long bytesWritten() {
    return muxer().bytesWritten();
  }

  /** Puts what is buffered on disk, so the file stays valid while nothing arrives. */
  void flush() {
    if (open) {
      muxer().flush();
    }
  }

  /** Completes the file after the encoders are drained. */
  void finish() {
    Muxer m = muxer();
    m.finish();
    stats.bytesWritten(m.bytesWritten());
  }

  /**
   * After a failure: ends the file as well as it still can (the muxer keeps whatever complete
   * fragments are on disk). Never throws.
   */
  void salvage() {
    Muxer m = muxer;
    if (m == null || !open) {
      return;
    }
    try {
      m.finish();
      stats.bytesWritten(m.bytesWritten());
    } catch (RuntimeException e) {
      log.warn("[{}] could not finish the file after a failure; its complete fragments stay "
          + "playable: {}", name, e.getMessage());
    }
  }

  private void write(int stream, TrackKind kind, EncodedPacket packet) {
    Muxer m = muxer();
    m.write(stream, packet);
    metrics.packetWritten(kind, packet.size(), m.bytesWritten());
  }

  private Muxer muxer() {
    Muxer m = muxer;
    if (m == null) {
      throw new IllegalStateException("muxer not open");
    }
    return m;
  }

  /** Frees the muxer. Idempotent. */
  @Override
  public void close() {
    Muxer m = muxer;
    muxer = null;
    if (m != null) {
      m.close();
    }
  }
}
