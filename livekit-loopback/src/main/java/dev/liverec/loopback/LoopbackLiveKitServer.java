package dev.liverec.loopback;

import dev.liverec.livekit.webrtc.WebRtcStack;
import dev.liverec.testkit.Scenario;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import livekit.LivekitModels.ServerInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A <b>LiveKit SFU double</b> on 127.0.0.1 that LiveKit's own SDKs can join, publish to and
 * subscribe from, for tests and for trying liverec without a LiveKit deployment.
 *
 * <p>It speaks livekit-server's signalling (protobuf over a WebSocket on {@code /rtc}, protocol 16
 * and 17) with livekit-server's rules: tokens checked like LiveKit (HS256 with the API secret,
 * expiry, {@code roomJoin}; HTTP 401, and 404 for a room that does not exist), {@code
 * auto_subscribe} honoured, additive {@code UpdateSubscription}, msids {@code PA_sid|TR_sid},
 * the {@code _reliable} and {@code _lossy} data channels in the first subscriber offer, both kinds
 * of ping, {@code refresh_token}, {@code subscription_response} errors, {@code leave} with
 * actions, and resume by identity. Clients may publish: their tracks are relayed (decoded and
 * encoded again) to every subscriber of the room. The default room has a built-in synthetic
 * publisher (moving pattern with a burned-in frame number, a white flash and a 1 kHz beep at every
 * whole second, or a testkit {@link Scenario}) in the codec of choice, optionally starting on a
 * low simulcast layer. What differs from livekit-server is listed in this module's README.
 *
 * <pre>{@code
 * try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder()
 *     .apiKey("devkey", "a-secret-of-at-least-32-characters!!").room("demo").start()) {
 *   String url = server.url();        // ws://127.0.0.1:<port>
 *   server.muteAudio();               // controls for tests
 *   server.faults().cutWebSockets();  // and faults
 * }
 * }</pre>
 *
 * <p>Needs webrtc-java's natives for the platform and, on Debian, the package {@code libpulse0}.
 */
public final class LoopbackLiveKitServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackLiveKitServer.class);
  /** The livekit-server release whose behaviour this double models (the last before /rtc/v1). */
  public static final String MODELLED_VERSION = "1.8.4";

  private final LoopbackOptions options;
  private final AudioDeviceModule sendingDevice;
  private final PeerConnectionFactory sending;
  private final RoomSettings settings;
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  private final Room defaultRoom;
  private final @Nullable SyntheticPublisher media;
  private final @Nullable BuiltInPublisher publisher;
  private final SignalServer http;
  private final LoopbackFaults faults;
  private volatile boolean closed;

  private LoopbackLiveKitServer(LoopbackOptions options) {
    this.options = options;
    this.sendingDevice = new AudioDeviceModule(AudioLayer.kDummyAudio);
    this.sending = new PeerConnectionFactory(sendingDevice);
    Tokens tokens = new Tokens(options.apiKey(), options.apiSecret());
    this.settings = new RoomSettings(sending, WebRtcStack.shared().factory(), tokens,
        ServerInfo.newBuilder().setEdition(ServerInfo.Edition.Standard)
            .setVersion(MODELLED_VERSION).setProtocol(16).setNodeId("ND_loopback")
            .setRegion("loopback").build(),
        options.pingIntervalSeconds(), options.pingIntervalSeconds() * 3,
        options.tokenRefreshInterval(), options.tokenTtl(), options.resumeWindow(),
        options.mediaRelay());
    this.defaultRoom = new Room(options.room(), settings);
    rooms.put(options.room(), defaultRoom);
    if (options.publish()) {
      this.media = new SyntheticPublisher(options.scenario(), new PublisherEvents(),
          options.codec().mime(), options.layers());
      this.publisher = new BuiltInPublisher(defaultRoom, media, settings,
          options.publisherIdentity());
      defaultRoom.run(publisher::join);
    } else {
      this.media = null;
      this.publisher = null;
    }
    this.http = new SignalServer(options.host(), options.port(), tokens, this::roomFor);
    this.faults = new LoopbackFaults(defaultRoom, http, options);
    try {
      http.start();
    } catch (RuntimeException e) {
      closeRoomsAndMedia();
      throw e;
    }
    if (media != null) {
      media.start();
    }
    log.info("loopback LiveKit server on {}, room {}{}", url(), options.room(),
        media != null ? ", publishing " + media.scenario() + " as " + options.codec() : "");
  }

  public static LoopbackOptions.Builder builder() {
    return LoopbackOptions.builder();
  }

  /** Starts a server with these options. */
  public static LoopbackLiveKitServer start(LoopbackOptions options) {
    return new LoopbackLiveKitServer(options);
  }

  private SignalSocket.@Nullable Listener roomFor(String name) {
    if (closed) {
      return null;
    }
    Room room = rooms.get(name);
    if (room == null && options.autoCreateRooms() && !name.isEmpty()) {
      room = rooms.computeIfAbsent(name, n -> new Room(n, settings));
    }
    return room;
  }

  /** The URL to give a LiveKit client: {@code ws://127.0.0.1:<port>}. */
  public String url() {
    return "ws://" + http.host() + ":" + http.port();
  }

  public int port() {
    return http.port();
  }

  /** The default room, where the built-in publisher is. */
  public String room() {
    return options.room();
  }

  public String apiKey() {
    return options.apiKey();
  }

  public LoopbackOptions options() {
    return options;
  }

  /** Identity of the built-in publisher. */
  public String publisherIdentity() {
    return options.publisherIdentity();
  }

  /** Video frames the built-in publisher handed to WebRTC. */
  public long videoFramesPublished() {
    return media == null ? 0 : media.framesPushed();
  }

  /** 10 ms audio chunks the built-in publisher handed to WebRTC (none while muted). */
  public long audioChunksPublished() {
    return media == null ? 0 : media.chunksPushed();
  }

  /** Upgrades refused for a bad token. */
  public long tokensRejected() {
    return http.tokensRejected();
  }

  /** Fresh joins, in every room. */
  public long joins() {
    return rooms.values().stream().mapToLong(Room::joins).sum();
  }

  /** Resumed sessions ({@code reconnect=1} of a known identity), in every room. */
  public long resumes() {
    return rooms.values().stream().mapToLong(Room::resumes).sum();
  }

  /** Signalling clients in the default room now. */
  public int subscriberCount() {
    return defaultRoom.clientCount();
  }

  /** Data packets relayed between clients of the default room. */
  public long dataPacketsRelayed() {
    return defaultRoom.tracks().dataPacketsRelayed();
  }

  /** The video quality a client of the default room last asked for on a track, or null. */
  public livekit.LivekitModels.@Nullable VideoQuality requestedQuality(String identity,
      String trackSid) {
    return defaultRoom.tracks().requestedQuality(identity, trackSid);
  }

  /** The built-in publisher's camera track sid now (null while it is away). */
  public @Nullable String publisherVideoSid() {
    BuiltInPublisher p = publisher;
    return p == null ? null : defaultRoom.call(p::videoSid);
  }

  // --- the built-in publisher ------------------------------------------------------------------

  /** The built-in publisher mutes its microphone: no audio is sent and subscribers are told. */
  public void muteAudio() {
    setAudioMuted(true);
  }

  public void unmuteAudio() {
    setAudioMuted(false);
  }

  private void setAudioMuted(boolean muted) {
    BuiltInPublisher p = requirePublisher();
    media().setAudioMuted(muted);
    defaultRoom.run(() -> p.setAudioMuted(muted));
  }

  /** The built-in camera switches to {@code width x height} from the next frame. */
  public void setResolution(int width, int height) {
    LoopbackOptions.checkSize(width, height);
    BuiltInPublisher p = requirePublisher();
    media().setResolution(width, height);
    defaultRoom.run(() -> p.resized(width, height));
  }

  /** The built-in publisher leaves the room. */
  public void publisherLeaves() {
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(p::leave);
  }

  /** The built-in publisher joins again, as a new participant session with new track sids. */
  public void publisherReturns() {
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(p::join);
  }

  /** Fault: the built-in camera is unpublished and published again under a new track sid. */
  public void moveVideoTrack() {
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(p::moveVideo);
  }

  /**
   * The built-in publisher sends {@code messagesPerSecond} user data packets of {@code bytes}
   * payload bytes to every client on {@code _reliable}, until {@link #stopData()}; counted in
   * {@link #dataPacketsRelayed()}. Each is a {@code DataPacket} with the publisher's identity and
   * sid, topic {@code loopback}, and a {@code sequence} counting from 1.
   */
  public void sendData(int messagesPerSecond, int bytes) {
    if (messagesPerSecond < 1 || messagesPerSecond > 1000 || bytes < 1 || bytes > 65_536) {
      throw new IllegalArgumentException("1..1000 messages per second of 1..65536 bytes, got "
          + messagesPerSecond + " of " + bytes);
    }
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(() -> p.sendData(messagesPerSecond, bytes));
  }

  public void stopData() {
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(p::stopData);
  }

  /**
   * Fault: as livekit-server's congestion control pauses a stream, the built-in camera's video
   * stops reaching subscribers for {@code duration}; each subscriber gets a {@code
   * stream_state_update} PAUSED for the track now and ACTIVE when it flows again.
   */
  public void pauseVideo(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a pause must be positive, got " + duration);
    }
    BuiltInPublisher p = requirePublisher();
    defaultRoom.run(() -> p.pauseVideo(duration));
  }

  /** Network and server faults to inject into the default room, for tests. */
  public LoopbackFaults faults() {
    return faults;
  }

  private BuiltInPublisher requirePublisher() {
    BuiltInPublisher p = publisher;
    if (p == null) {
      throw new IllegalStateException("this server has no built-in publisher (publish(false))");
    }
    return p;
  }

  private SyntheticPublisher media() {
    SyntheticPublisher m = media;
    if (m == null) {
      throw new IllegalStateException("this server has no built-in publisher (publish(false))");
    }
    return m;
  }

  /** Closes every connection, the built-in publisher, the sending stack and the listening socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.close();
    closeRoomsAndMedia();
    log.info("loopback LiveKit server closed");
  }

  private void closeRoomsAndMedia() {
    rooms.values().forEach(Room::close);
    if (media != null) {
      media.close();
    }
    sending.dispose();
    sendingDevice.dispose();
  }

  /** Tells the room what the scenario does: mutes, and its end (the publisher leaves). */
  private final class PublisherEvents implements SyntheticPublisher.Events {
    @Override
    public void audioMuted(boolean muted) {
      BuiltInPublisher p = publisher;
      if (!closed && p != null) {
        defaultRoom.post(() -> p.setAudioMuted(muted));
      }
    }

    @Override
    public void ended(String why) {
      BuiltInPublisher p = publisher;
      if (!closed && p != null) {
        log.info("loopback: {}; the publisher leaves the room", why);
        defaultRoom.post(p::leave);
      }
    }
  }
}
