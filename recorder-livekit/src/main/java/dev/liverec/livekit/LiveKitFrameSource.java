package dev.liverec.livekit;

import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one participant of a LiveKit room: joins as a hidden, subscribe-only participant,
 * answers the server's subscriber offers over real WebRTC and hands one video track (camera or
 * screen share, by {@link VideoPreference}) and one microphone of that participant to the
 * recording session.
 *
 * <pre>{@code
 * LiveKitSourceConfig lk = LiveKitSourceConfig.builder()
 *     .url("wss://my-project.livekit.cloud").apiKey(key, secret).room("demo").build();
 * try (RecordingSession session = RecordingSession.create(config, new LiveKitFrameSource(lk))) {
 *   session.start();       // returns at once; a join that fails ends the session FAILED
 *   ...
 *   session.stop();
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start} returns promptly: joining, choosing the participant and
 * subscribing happen on the source's control thread, and their outcome arrives as {@link
 * SourceEvent}s. A join that cannot succeed (token rejected, unknown room, server unreachable,
 * nobody to record within the participant timeout) ends the recording FAILED, its cause a {@link
 * LiveKitConnectException} with a typed {@link LiveKitConnectException.Reason}. While recording:
 * mutes, the participant leaving and returning, reconnects (notices), a participant gone for
 * longer than the publisher-gone timeout (end of stream), and a connection that cannot be brought
 * back within the {@link ReconnectPolicy} (failure). {@link #close()} leaves the room and frees
 * every native object and thread.
 *
 * <p><b>Parts.</b> {@link SignalConnection} (one WebSocket), {@link Handshake} (join and resume),
 * {@link TargetTracker} (whom and which tracks), {@link Reconnector} (resume before rejoin, within
 * a budget), {@link SubscriberPeer} (the media connection), {@link ConnectionCounters} (status),
 * all driven by {@link RoomSession} on one {@link ControlThread} that never blocks.
 */
public final class LiveKitFrameSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(LiveKitFrameSource.class);
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final LiveKitSourceConfig config;
  private final String name;
  private final OkHttpClient http;
  private final VideoForwarder video = new VideoForwarder();
  private final AudioForwarder audio = new AudioForwarder();
  private final ReceiveStats mediaStats = new ReceiveStats();
  private final ConnectionCounters counters = new ConnectionCounters();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RoomSession session;

  public LiveKitFrameSource(LiveKitSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = "liverec-livekit-" + SERIAL.incrementAndGet();
    this.http = new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(Executors.newCachedThreadPool(daemon(name + "-ws"))))
        .connectTimeout(config.connectTimeout())
        .build();
    this.session = new RoomSession(name, config, http, video, audio, mediaStats, counters);
  }

  public LiveKitSourceConfig config() {
    return config;
  }

  /**
   * Starts joining the room and returns at once; the outcome arrives as events on {@code sink}.
   *
   * @throws IllegalStateException when called twice or after close
   */
  @Override
  public void start(FrameSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a LiveKitFrameSource can be started once");
    }
    if (closed.get()) {
      throw new IllegalStateException("source is closed");
    }
    video.attach(sink);
    audio.attach(sink);
    log.info("{}: joining {}", name, config);
    session.start(sink);
  }

  @Override
  public boolean hasAudio() {
    return true;
  }

  @Override
  public String describe() {
    String room = config.room() != null ? config.room() : "(named by the token)";
    return "LiveKit room " + room + " at " + config.url() + " ("
        + (config.participant() != null ? "participant " + config.participant()
            : "first camera/screen publisher") + ")";
  }

  /** A snapshot of the connection: times, reconnects, tracks, WebRTC's counters, audio drift. */
  public ConnectionStatus connectionStatus() {
    long start = counters.startNanos();
    long first = video.firstFrameNanos();
    return new ConnectionStatus(
        counters.state,
        session.targetIdentity(),
        counters.connectTime,
        first == 0 ? null : Duration.ofNanos(first - start),
        counters.reconnects(),
        counters.resumes(),
        counters.attempts(),
        counters.disconnectedTotal(),
        session.tracksSubscribed(),
        video.framesForwarded(),
        audio.chunksForwarded(),
        video.width(),
        video.height(),
        audio.sampleRate(),
        audio.channels(),
        audio.driftPpm(),
        audio.clockOffsetUs() / 1000.0,
        audio.delayCompensationUs() / 1000.0,
        mediaStats.packetsLost(),
        mediaStats.jitterMs(),
        mediaStats.framesDecoded(),
        mediaStats.framesDropped(),
        counters.dataMessages(session.liveDataMessages()),
        counters.dataBytes(session.liveDataBytes()),
        counters.videoPauses.get(),
        counters.subscriptionErrors.get(),
        counters.permissionDenials.get(),
        counters.roomMoves.get(),
        counters.failure);
  }

  /** Leaves the room and frees the peer connection, the control thread and the WebSocket. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    video.detach();
    audio.detach();
    session.close(CLOSE_TIMEOUT);
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (counters.state != ConnectionStatus.State.FAILED) {
      counters.state = ConnectionStatus.State.CLOSED;
    }
    log.info("{}: closed", name);
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
      t.setDaemon(true);
      return t;
    };
  }
}
