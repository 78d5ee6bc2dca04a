package dev.liverec.testkit.livekit;

import dev.liverec.testkit.Scenario;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import livekit.LivekitModels;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.ParticipantUpdate;
import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A <b>test double for the LiveKit SFU</b>: one room with one publisher, served on 127.0.0.1.
 *
 * <p>It speaks the part of LiveKit's signalling a subscriber needs (protobuf over a real
 * WebSocket on {@code /rtc}: join, subscriber offer/answer, trickle ICE, subscriptions,
 * participant updates, ping/pong, resume with {@code reconnect=1}, leave), checks tokens like
 * LiveKit (HS256 signature with the API secret, expiry, {@code roomJoin} grant; HTTP 401 on the
 * upgrade otherwise, 404 for another room) and sends a testkit {@link Scenario} (moving
 * pattern, a white flash frame and a 1 kHz beep at every whole second; by default an endless one,
 * see {@link Builder#scenario}) through a real WebRTC peer connection per subscriber. It is not
 * a LiveKit server: no publishing clients, no simulcast, no TURN, one room.
 *
 * <pre>{@code
 * try (LoopbackLiveKitServer server = LoopbackLiveKitServer.builder()
 *     .apiKey("devkey", "a-secret-of-at-least-32-characters!!").room("demo").start()) {
 *   String url = server.url();        // ws://127.0.0.1:<port>
 *   server.muteAudio();               // controls for tests
 * }
 * }</pre>
 *
 * <p>Needs the optional dependencies of recorder-testkit (livekit-server, okhttp-jvm,
 * mockwebserver3, java-jwt, jackson-databind, webrtc-java with its native classifier) and, on
 * Debian, the package {@code libpulse0}.
 */
public final class LoopbackLiveKitServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackLiveKitServer.class);
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final Builder config;
  private final TokenVerifier verifier;
  private final ExecutorService room;
  private final MockWebServer http = new MockWebServer();
  private final SyntheticPublisher publisher;
  private final Map<String, SubscriberSession> sessions = new LinkedHashMap<>();
  private final AtomicLong tokensRejected = new AtomicLong();
  private final AtomicLong joins = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private final String roomSid = "RM_loopback" + SERIAL.incrementAndGet();
  private int participantSerial;
  private int publisherGeneration;
  private boolean publisherPresent = true;
  private boolean audioMuted;
  private int version;
  private long publisherJoinedAtMs = System.currentTimeMillis();
  private volatile boolean closed;

  private LoopbackLiveKitServer(Builder builder) {
    this.config = builder.copy();
    this.verifier = new TokenVerifier(config.apiKey, config.apiSecret);
    this.room = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "loopback-livekit-room");
      t.setDaemon(true);
      return t;
    });
    this.publisher = new SyntheticPublisher(config.scenario(), new PublisherEvents());
    publisherGeneration = 1;
    try {
      http.setDispatcher(new SignalDispatcher());
      http.start(InetAddress.getLoopbackAddress(), builder.port);
    } catch (IOException | RuntimeException e) {
      publisher.close();
      room.shutdownNow();
      throw new UncheckedIOException("could not listen on 127.0.0.1:" + builder.port,
          e instanceof IOException io ? io : new IOException(e));
    }
    publisher.start();
    log.info("loopback LiveKit server (a test double) on {} room {}, publishing {}", url(),
        builder.room, publisher.scenario());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URL to give a LiveKit client: {@code ws://127.0.0.1:<port>}. */
  public String url() {
    return "ws://127.0.0.1:" + http.getPort();
  }

  public int port() {
    return http.getPort();
  }

  public String room() {
    return config.room;
  }

  public String apiKey() {
    return config.apiKey;
  }

  /** Identity of the synthetic publisher. */
  public String publisherIdentity() {
    return config.publisherIdentity;
  }

  /** Video frames handed to WebRTC since the server started. */
  public long videoFramesPublished() {
    return publisher.framesPushed();
  }

  /** 10 ms audio chunks handed to WebRTC since the server started (none while muted). */
  public long audioChunksPublished() {
    return publisher.chunksPushed();
  }

  /** Upgrades refused for a bad token. */
  public long tokensRejected() {
    return tokensRejected.get();
  }

  /** Successful joins (fresh sessions). */
  public long joins() {
    return joins.get();
  }

  /** Successful resumes ({@code reconnect=1}). */
  public long resumes() {
    return resumes.get();
  }

  /** Subscribers with a live session now. */
  public int subscriberCount() {
    return call(sessions::size);
  }

  /** The publisher mutes its microphone: it stops sending audio and subscribers are told. */
  public void muteAudio() {
    publisher.setAudioMuted(true);
    announceAudioMuted(true);
  }

  /** The publisher unmutes its microphone. */
  public void unmuteAudio() {
    publisher.setAudioMuted(false);
    announceAudioMuted(false);
  }

  private void announceAudioMuted(boolean muted) {
    run(() -> {
      audioMuted = muted;
      broadcastPublisher();
    });
  }

  /** The publisher's camera switches to {@code width x height} from the next frame. */
  public void setResolution(int width, int height) {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("resolution must be even and at least 16x16");
    }
    run(() -> {
      publisher.setResolution(width, height);
      broadcastPublisher();
    });
  }

  /**
   * Drops every subscriber's signalling WebSocket without a close handshake, as a network blip
   * would; media keeps flowing and the session can be resumed with {@code reconnect=1}.
   */
  public void cutWebSockets() {
    run(() -> sessions.values().forEach(SubscriberSession::cutSocket));
  }

  /**
   * Drops every subscriber's WebSocket <i>and</i> media connection and forgets their sessions, as
   * a restarted SFU node would: subscribers must rejoin, and their recordings see a gap.
   */
  public void cutConnections() {
    run(() -> {
      for (SubscriberSession s : sessions.values()) {
        s.cutSocket();
        s.close();
      }
      sessions.clear();
    });
  }

  /** The publisher leaves the room: its tracks are unpublished and subscribers are told. */
  public void publisherLeaves() {
    run(() -> {
      if (!publisherPresent) {
        return;
      }
      publisherPresent = false;
      ParticipantInfo gone = publisherInfo().toBuilder()
          .setState(ParticipantInfo.State.DISCONNECTED)
          .setDisconnectReason(DisconnectReason.CLIENT_INITIATED)
          .clearTracks()
          .build();
      for (SubscriberSession s : sessions.values()) {
        s.setTracks(Map.of());
        s.send(update(gone));
      }
    });
  }

  /** The publisher joins again, as a new participant session with new track sids. */
  public void publisherReturns() {
    run(() -> {
      if (publisherPresent) {
        return;
      }
      publisherPresent = true;
      publisherGeneration++;
      publisherJoinedAtMs = System.currentTimeMillis();
      broadcastPublisher();
    });
  }

  private void broadcastPublisher() {
    if (!publisherPresent) {
      return;
    }
    SignalResponse message = update(publisherInfo());
    for (SubscriberSession s : sessions.values()) {
      s.send(message);
    }
  }

  private static SignalResponse update(ParticipantInfo info) {
    return SignalResponse.newBuilder()
        .setUpdate(ParticipantUpdate.newBuilder().addParticipants(info))
        .build();
  }

  private String videoSid() {
    return "TR_VC" + publisherGeneration;
  }

  private String audioSid() {
    return "TR_AM" + publisherGeneration;
  }

  private ParticipantInfo publisherInfo() {
    return ParticipantInfo.newBuilder()
        .setSid("PA_publisher" + publisherGeneration)
        .setIdentity(config.publisherIdentity)
        .setName(config.publisherIdentity)
        .setState(ParticipantInfo.State.ACTIVE)
        .setJoinedAt(publisherJoinedAtMs / 1000)
        .setJoinedAtMs(publisherJoinedAtMs)
        .setIsPublisher(true)
        .setVersion(++version)
        .addTracks(TrackInfo.newBuilder()
            .setSid(videoSid()).setType(TrackType.VIDEO).setSource(TrackSource.CAMERA)
            .setName("camera").setMimeType("video/VP8")
            .setWidth(publisher.width()).setHeight(publisher.height()))
        .addTracks(TrackInfo.newBuilder()
            .setSid(audioSid()).setType(TrackType.AUDIO).setSource(TrackSource.MICROPHONE)
            .setName("microphone").setMimeType("audio/opus").setMuted(audioMuted))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Signalling, on the room thread.

  private void opened(WebSocket ws, TokenVerifier.Grant grant, @Nullable String resumeSid) {
    if (resumeSid != null) {
      SubscriberSession existing = sessions.get(resumeSid);
      if (existing != null && existing.identity().equals(grant.identity())) {
        existing.cutSocket();
        existing.attach(ws);
        resumes.incrementAndGet();
        existing.send(SignalResponse.newBuilder()
            .setReconnect(ReconnectResponse.newBuilder())
            .build());
        log.info("loopback: {} resumed session {}", grant.identity(), resumeSid);
        return;
      }
      ws.send(ByteString.of(SignalResponse.newBuilder()
          .setLeave(LeaveRequest.newBuilder()
              .setReason(DisconnectReason.STATE_MISMATCH)
              .setAction(LeaveRequest.Action.RECONNECT))
          .build().toByteArray()));
      ws.close(1000, "unknown session");
      return;
    }
    for (SubscriberSession s : new ArrayList<>(sessions.values())) {
      if (s.identity().equals(grant.identity())) {
        s.send(SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
            .setReason(DisconnectReason.DUPLICATE_IDENTITY)
            .setAction(LeaveRequest.Action.DISCONNECT)).build());
        s.cutSocket();
        s.close();
        sessions.remove(s.sid());
      }
    }
    String sid = "PA_sub" + (++participantSerial);
    SubscriberSession session =
        new SubscriberSession(sid, grant.identity(), publisher.factory(), this::post);
    session.attach(ws);
    sessions.put(sid, session);
    joins.incrementAndGet();
    JoinResponse.Builder join = JoinResponse.newBuilder()
        .setRoom(LivekitModels.Room.newBuilder().setSid(roomSid).setName(config.room)
            .setNumParticipants(publisherPresent ? 2 : 1))
        .setParticipant(ParticipantInfo.newBuilder()
            .setSid(sid).setIdentity(grant.identity()).setState(ParticipantInfo.State.JOINED))
        .setServerVersion("loopback")
        .setServerInfo(LivekitModels.ServerInfo.newBuilder()
            .setVersion("loopback-test-double").setProtocol(16))
        .setSubscriberPrimary(true)
        .setPingInterval(config.pingIntervalSeconds)
        .setPingTimeout(config.pingIntervalSeconds * 3);
    if (publisherPresent) {
      join.addOtherParticipants(publisherInfo());
    }
    session.send(SignalResponse.newBuilder().setJoin(join).build());
    log.info("loopback: {} joined room {} as {}", grant.identity(), config.room, sid);
  }

  private void onMessage(WebSocket ws, ByteString bytes) {
    SubscriberSession session = sessionOf(ws);
    if (session == null) {
      return;
    }
    SignalRequest request;
    try {
      request = SignalRequest.parseFrom(bytes.toByteArray());
    } catch (IOException e) {
      log.warn("loopback: unreadable request from {}", session.identity());
      return;
    }
    switch (request.getMessageCase()) {
      case SUBSCRIPTION -> onSubscription(session, request.getSubscription().getSubscribe(),
          request.getSubscription().getTrackSidsList());
      case LEAVE -> {
        sessions.remove(session.sid());
        session.detach();
        session.close();
        ws.close(1000, "bye");
      }
      default -> session.onRequest(request);
    }
  }

  private void onSubscription(SubscriberSession session, boolean subscribe, List<String> sids) {
    if (!publisherPresent) {
      return;
    }
    Map<MediaStreamTrack, String> tracks = new LinkedHashMap<>();
    if (subscribe && sids.contains(videoSid())) {
      tracks.put(publisher.videoTrack(), videoSid());
    }
    if (subscribe && sids.contains(audioSid())) {
      tracks.put(publisher.audioTrack(), audioSid());
    }
    session.setTracks(tracks);
  }

  private void onSocketGone(WebSocket ws) {
    SubscriberSession session = sessionOf(ws);
    if (session != null) {
      session.detach();
      log.info("loopback: signalling socket of {} closed; session kept for a resume",
          session.identity());
    }
  }

  private @Nullable SubscriberSession sessionOf(WebSocket ws) {
    for (SubscriberSession s : sessions.values()) {
      if (s.socket() == ws) {
        return s;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------

  private void post(Runnable task) {
    if (closed) {
      return;
    }
    try {
      room.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("loopback: room task failed", e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.trace("loopback: closing, task dropped");
    }
  }

  private void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  private <T> T call(Callable<T> task) {
    Future<T> f = room.submit(task);
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("loopback server task failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("loopback server task took longer than 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Closes every session, the publisher's WebRTC stack and the listening socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      run(() -> {
        for (SubscriberSession s : sessions.values()) {
          s.cutSocket();
          s.close();
        }
        sessions.clear();
      });
    } catch (RuntimeException e) {
      log.warn("loopback: closing sessions failed: {}", e.toString());
    }
    closed = true;
    room.shutdown();
    try {
      room.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      http.close();
    } catch (RuntimeException e) {
      log.debug("loopback: closing the HTTP server: {}", e.toString());
    }
    publisher.close();
    log.info("loopback LiveKit server closed");
  }

  /** Tells subscribers what the publisher's scenario does: mutes, and its end (it leaves). */
  private final class PublisherEvents implements SyntheticPublisher.Events {
    @Override
    public void audioMuted(boolean muted) {
      if (!closed) {
        announceAudioMuted(muted);
      }
    }

    @Override
    public void ended(String why) {
      if (!closed) {
        log.info("loopback: {}; the publisher leaves the room", why);
        publisherLeaves();
      }
    }
  }

  /** Answers HTTP: {@code /rtc} upgrades for valid tokens, 401/404 otherwise. */
  private final class SignalDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      HttpUrl url = request.getUrl();
      String path = url.encodedPath();
      boolean validate = path.endsWith("/rtc/validate");
      if (!path.endsWith("/rtc") && !validate) {
        return plain(404, "not found");
      }
      String token = url.queryParameter("access_token");
      String header = request.getHeaders().get("Authorization");
      if (header != null && header.startsWith("Bearer ")) {
        token = header.substring("Bearer ".length()).trim();
      }
      if (token == null || token.isEmpty()) {
        tokensRejected.incrementAndGet();
        return plain(401, "no permissions to access the room: no token");
      }
      TokenVerifier.Grant grant;
      try {
        grant = verifier.verify(token);
      } catch (TokenVerifier.Rejected e) {
        tokensRejected.incrementAndGet();
        return plain(401, e.getMessage());
      }
      if (!grant.room().equals(config.room)) {
        return plain(404, "requested room does not exist");
      }
      if (validate) {
        return plain(200, "success");
      }
      String resumeSid = "1".equals(url.queryParameter("reconnect"))
          ? url.queryParameter("sid") : null;
      return new MockResponse.Builder()
          .webSocketUpgrade(new SocketListener(grant, resumeSid))
          .build();
    }

    private MockResponse plain(int code, String body) {
      return new MockResponse.Builder().code(code).body(body).build();
    }
  }

  private final class SocketListener extends WebSocketListener {
    private final TokenVerifier.Grant grant;
    private final @Nullable String resumeSid;

    SocketListener(TokenVerifier.Grant grant, @Nullable String resumeSid) {
      this.grant = grant;
      this.resumeSid = resumeSid;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      post(() -> opened(webSocket, grant, resumeSid));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      post(() -> LoopbackLiveKitServer.this.onMessage(webSocket, bytes));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      post(() -> onSocketGone(webSocket));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      post(() -> onSocketGone(webSocket));
    }
  }

  /** Configures and starts a {@link LoopbackLiveKitServer}. */
  public static final class Builder {
    private int port;
    private String apiKey = "devkey";
    private String apiSecret = "loopback-secret-of-at-least-32-chars";
    private String room = "demo";
    private String publisherIdentity = "publisher";
    private int width = 640;
    private int height = 360;
    private int frameRate = 30;
    private int sampleRate = 48_000;
    private int channels = 1;
    private int pingIntervalSeconds = 5;
    private @Nullable Scenario scenario;

    private Builder() {}

    /** The scenario to publish: the one set, else an endless stream in the configured format. */
    private Scenario scenario() {
      if (scenario != null) {
        return scenario;
      }
      return Scenario.builder().name("live").size(width, height).frameRate(frameRate)
          .audio(sampleRate, channels).playForever().build();
    }

    private Builder copy() {
      Builder b = new Builder();
      b.port = port;
      b.apiKey = apiKey;
      b.apiSecret = apiSecret;
      b.room = room;
      b.publisherIdentity = publisherIdentity;
      b.width = width;
      b.height = height;
      b.frameRate = frameRate;
      b.sampleRate = sampleRate;
      b.channels = channels;
      b.pingIntervalSeconds = pingIntervalSeconds;
      b.scenario = scenario;
      return b;
    }

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535");
      }
      this.port = port;
      return this;
    }

    /** The API key and secret tokens must be signed with. Default {@code devkey} and a test secret. */
    public Builder apiKey(String apiKey, String apiSecret) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
      if (apiKey.isBlank() || apiSecret.isBlank()) {
        throw new IllegalArgumentException("API key and secret must not be blank");
      }
      return this;
    }

    /** The one room this server has; other rooms get HTTP 404. Default {@code demo}. */
    public Builder room(String room) {
      this.room = Objects.requireNonNull(room, "room");
      return this;
    }

    /** Identity of the synthetic publisher. Default {@code publisher}. */
    public Builder publisherIdentity(String identity) {
      this.publisherIdentity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** The publisher's initial picture size. Default 640x360. */
    public Builder resolution(int width, int height) {
      if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
        throw new IllegalArgumentException("resolution must be even and at least 16x16");
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** The publisher's frame rate. Default 30. */
    public Builder frameRate(int fps) {
      if (fps < 1 || fps > 60) {
        throw new IllegalArgumentException("frame rate must be within 1..60");
      }
      this.frameRate = fps;
      return this;
    }

    /** The publisher's PCM format. Default 48 kHz mono. */
    public Builder audioFormat(int sampleRate, int channels) {
      if (sampleRate % 100 != 0 || channels < 1 || channels > 2) {
        throw new IllegalArgumentException("sample rate must be a multiple of 100, 1 or 2 channels");
      }
      this.sampleRate = sampleRate;
      this.channels = channels;
      return this;
    }

    /**
     * Publishes a testkit scenario in real time instead of the endless default stream: its picture
     * size, frame rate, audio format, gaps, resizes and jitter reach subscribers over WebRTC, its
     * mutes are announced as track mutes, and when it ends the publisher leaves the room.
     * Overrides {@link #resolution}, {@link #frameRate} and {@link #audioFormat}.
     */
    public Builder scenario(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
      return this;
    }

    /** The keepalive interval the server asks clients for. Default 5 s. */
    public Builder pingInterval(int seconds) {
      if (seconds < 1 || seconds > 60) {
        throw new IllegalArgumentException("ping interval must be within 1..60 s");
      }
      this.pingIntervalSeconds = seconds;
      return this;
    }

    /**
     * Starts the publisher and listens.
     *
     * @throws UncheckedIOException when the port is taken
     */
    public LoopbackLiveKitServer start() {
      return new LoopbackLiveKitServer(this);
    }
  }
}
