package dev.liverec.livekit;

import dev.liverec.frame.TrackKind;
import dev.liverec.livekit.LiveKitConnectException.Reason;
import dev.liverec.livekit.webrtc.IceCandidates;
import dev.liverec.livekit.webrtc.WebRtcStack;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import livekit.LivekitRtc.UpdateSubscription;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one participant of a LiveKit room: joins as a hidden, subscribe-only participant,
 * answers the server's subscriber offer over real WebRTC and hands the participant's decoded
 * camera (or screen share) and microphone to the recording session.
 *
 * <pre>{@code
 * LiveKitSourceConfig lk = LiveKitSourceConfig.builder()
 *     .url("wss://my-project.livekit.cloud").apiKey(key, secret).room("demo").build();
 * try (RecordingSession session = RecordingSession.create(config, new LiveKitFrameSource(lk))) {
 *   session.start();       // throws with the reason if the room cannot be joined
 *   ...
 *   session.stop();
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start} blocks until the room is joined and the participant to
 * record is chosen and subscribed, or throws a {@link LiveKitConnectException} (token rejected,
 * unknown room, server unreachable, no participant in time) within the configured timeouts.
 * After that, problems arrive as {@link SourceEvent}s: mute and unmute, the participant leaving
 * and returning, reconnects (as notices) and, when reconnecting gives up, a failure.
 * {@link #close()} leaves the room and frees every native object and thread.
 *
 * <p><b>Threads.</b> One daemon control thread per source does all signalling and connection
 * work; WebRTC's decoder and audio threads only copy frames into the sink.
 */
public final class LiveKitFrameSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(LiveKitFrameSource.class);
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private static final Duration SDP_TIMEOUT = Duration.ofSeconds(5);
  /**
   * How often WebRTC's stats are read. The audio shift follows the jitter buffers with them, so a
   * buffer that grows fast (90 ms a second after a publisher's stall) is followed a quarter second
   * behind: after such a stall audio was mostly 50-64 ms late with this period, 90-160 ms with 1 s.
   */
  private static final Duration STATS_PERIOD = Duration.ofMillis(250);
  /** A media connection DISCONNECTED this long is treated as lost. */
  private static final Duration MEDIA_GRACE = Duration.ofSeconds(4);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final LiveKitSourceConfig config;
  private final Tokens tokens;
  private final String name;
  private final ScheduledExecutorService control;
  private final OkHttpClient http;
  private final VideoForwarder video = new VideoForwarder();
  private final AudioForwarder audio = new AudioForwarder();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final SignalListener signalListener = new SignalListener();
  private final PeerListener peerListener = new PeerListener();
  private final ReceiveStats mediaStats = new ReceiveStats();

  // Owned by the control thread.
  private final Participants participants = new Participants();
  private @Nullable FrameSink sink;
  private @Nullable WebRtcStack media;
  private @Nullable SignalConnection signal;
  private @Nullable SubscriberPeer peer;
  private @Nullable String ownSid;
  private @Nullable String targetSid;
  private @Nullable String lastTargetIdentity;
  private Set<String> subscribed = Set.of();
  private boolean videoLive;
  private boolean audioLive;
  private boolean videoMutedAnnounced;
  private boolean audioMutedAnnounced;
  private boolean reconnecting;
  private int pingIntervalSeconds = 5;
  private int pingTimeoutSeconds = 15;
  private long lastPingSentMillis;
  private @Nullable ScheduledFuture<?> pingTask;
  private @Nullable ScheduledFuture<?> statsTask;
  private @Nullable LiveKitConnectException lastReconnectError;

  // Read by status() from any thread.
  private volatile ConnectionStatus.State state = ConnectionStatus.State.CONNECTING;
  private volatile long startNanos;
  private volatile @Nullable Duration connectTime;
  private volatile @Nullable String targetIdentity;
  private volatile long reconnects;
  private volatile long resumes;
  private volatile long reconnectAttempts;
  private volatile long disconnectedSinceNanos;
  private volatile long disconnectedTotalNanos;
  private volatile int tracksSubscribed;

  public LiveKitFrameSource(LiveKitSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.tokens = new Tokens(config);
    this.name = "liverec-livekit-" + SERIAL.incrementAndGet();
    this.control = Executors.newSingleThreadScheduledExecutor(daemon(name));
    this.http = new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(Executors.newCachedThreadPool(daemon(name + "-ws"))))
        .connectTimeout(config.connectTimeout())
        .build();
  }

  public LiveKitSourceConfig config() {
    return config;
  }

  /**
   * Joins the room and subscribes to the participant to record.
   *
   * @throws LiveKitConnectException when the room cannot be joined or no participant appears in
   *     time; everything opened so far is closed again
   * @throws IllegalStateException when called twice
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
    startNanos = System.nanoTime();
    video.attach(sink);
    audio.attach(sink);
    log.info("{}: joining {}", name, config);
    try {
      onControl(() -> {
        this.sink = sink;
        media = WebRtcStack.shared();
      }).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      SignalConnection connection = new SignalConnection(signalListener);
      onControl(() -> signal = connection).get();
      SignalResponse first = connection.connect(
          http, config.url(), tokens.next(), null, config.connectTimeout());
      if (first.hasLeave()) {
        throw new LiveKitConnectException(Reason.REJECTED,
            "LiveKit refused the join: " + first.getLeave().getReason());
      }
      if (!first.hasJoin()) {
        throw new LiveKitConnectException(Reason.PROTOCOL_ERROR,
            "LiveKit's first message was " + first.getMessageCase() + ", not a join response");
      }
      awaitParticipant();
    } catch (LiveKitConnectException e) {
      log.warn("{}: {}", name, e.getMessage());
      state = ConnectionStatus.State.FAILED;
      close();
      throw e;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      state = ConnectionStatus.State.FAILED;
      close();
      throw new LiveKitConnectException(Reason.PROTOCOL_ERROR,
          "could not set up the LiveKit connection: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new LiveKitConnectException(Reason.TIMEOUT, "interrupted while joining LiveKit", e);
    }
    log.info("{}: recording participant {} ({} ms after start)", name, targetIdentity,
        (System.nanoTime() - startNanos) / 1_000_000);
  }

  private void awaitParticipant() throws InterruptedException, ExecutionException {
    Duration wait = config.participantTimeout();
    try {
      ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String who = config.participant() != null
          ? "participant '" + config.participant() + "'"
          : "no participant publishing a camera or screen share";
      throw new LiveKitConnectException(Reason.NO_PARTICIPANT,
          who + (config.participant() != null ? " did not join" : " joined") + " room "
              + roomName() + " within " + wait.toSeconds() + " s; start the publisher first, "
              + "check the identity, or raise the participant timeout", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LiveKitConnectException lke) {
        throw new LiveKitConnectException(lke.reason(), lke.getMessage(), lke);
      }
      throw e;
    }
  }

  @Override
  public boolean hasAudio() {
    return true;
  }

  @Override
  public String describe() {
    return "LiveKit room " + roomName() + " at " + config.url() + " ("
        + (config.participant() != null ? "participant " + config.participant()
            : "first camera/screen publisher") + ")";
  }

  private String roomName() {
    String room = config.room();
    return room != null ? room : "(named by the token)";
  }

  /** A snapshot of the connection: times, reconnects, tracks, WebRTC's counters, audio drift. */
  public ConnectionStatus connectionStatus() {
    long start = startNanos;
    long first = video.firstFrameNanos();
    long disconnected = disconnectedTotalNanos;
    long since = disconnectedSinceNanos;
    if (since != 0) {
      disconnected += System.nanoTime() - since;
    }
    return new ConnectionStatus(
        state,
        targetIdentity,
        connectTime,
        first == 0 || start == 0 ? null : Duration.ofNanos(first - start),
        reconnects,
        resumes,
        reconnectAttempts,
        Duration.ofNanos(disconnected),
        tracksSubscribed,
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
        mediaStats.framesDropped());
  }

  /** Leaves the room and frees the peer connection, WebRTC's threads and the WebSocket. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    video.detach();
    audio.detach();
    ready.completeExceptionally(
        new LiveKitConnectException(Reason.REJECTED, "the source was closed while joining"));
    try {
      control.submit(this::teardown).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
      log.warn("{}: teardown did not finish cleanly: {}", name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    control.shutdownNow();
    try {
      if (!control.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("{}: control thread did not stop within 2 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (state != ConnectionStatus.State.FAILED) {
      state = ConnectionStatus.State.CLOSED;
    }
    log.info("{}: closed", name);
  }

  private void teardown() {
    cancelTasks();
    SignalConnection s = signal;
    signal = null;
    if (s != null) {
      s.leave();
    }
    closePeer();
    media = null;
    endDisconnectedStretch();
  }

  // ---------------------------------------------------------------------------------------------
  // Signalling, on the control thread.

  private void handle(SignalConnection from, SignalResponse message) {
    if (from != signal || closed.get()) {
      return;
    }
    switch (message.getMessageCase()) {
      case JOIN -> onJoin(message.getJoin());
      case OFFER -> onOffer(message.getOffer());
      case TRICKLE -> onTrickle(message.getTrickle());
      case UPDATE -> {
        participants.update(message.getUpdate().getParticipantsList());
        reconcileTarget();
      }
      case TRACK_UNPUBLISHED -> {
        participants.removeTrack(message.getTrackUnpublished().getTrackSid());
        reconcileTarget();
      }
      case LEAVE -> onLeave(message.getLeave());
      case REFRESH_TOKEN -> tokens.refresh(message.getRefreshToken());
      case PONG_RESP -> lastPingSentMillis = 0;
      case SUBSCRIPTION_RESPONSE -> {
        LivekitRtc.SubscriptionResponse r = message.getSubscriptionResponse();
        log.warn("{}: subscribing to track {} failed: {}", name, r.getTrackSid(), r.getErr());
        notice("LiveKit could not subscribe track " + r.getTrackSid() + ": " + r.getErr());
      }
      default -> log.debug("{}: ignoring {}", name, message.getMessageCase());
    }
  }

  private void onJoin(JoinResponse join) {
    ownSid = join.getParticipant().getSid();
    pingIntervalSeconds = join.getPingInterval() > 0 ? join.getPingInterval() : 5;
    pingTimeoutSeconds = join.getPingTimeout() > 0 ? join.getPingTimeout() : 15;
    closePeer();
    WebRtcStack m = Objects.requireNonNull(media, "media");
    peer = new SubscriberPeer(m.factory(), iceServers(join), video, audio, peerListener);
    if (connectTime == null) {
      connectTime = Duration.ofNanos(System.nanoTime() - startNanos);
    }
    log.info("{}: joined room {} as {} (server {}, {} other participants)", name,
        join.getRoom().getName(), join.getParticipant().getIdentity(),
        join.getServerInfo().getVersion(), join.getOtherParticipantsCount());
    forgetTarget();
    participants.reset(join.getOtherParticipantsList());
    startTasks();
    if (reconnecting) {
      reconnected(false);
    }
    state = ConnectionStatus.State.CONNECTED;
    reconcileTarget();
  }

  private static List<RTCIceServer> iceServers(JoinResponse join) {
    List<RTCIceServer> servers = new ArrayList<>();
    for (LivekitRtc.ICEServer s : join.getIceServersList()) {
      RTCIceServer server = new RTCIceServer();
      server.urls = new ArrayList<>(s.getUrlsList());
      server.username = s.getUsername();
      server.password = s.getCredential();
      servers.add(server);
    }
    return servers;
  }

  private void onOffer(SessionDescription offer) {
    SubscriberPeer p = peer;
    SignalConnection s = signal;
    if (p == null || s == null) {
      log.warn("{}: offer before join; ignored", name);
      return;
    }
    try {
      String answer = p.answer(offer.getSdp(), SDP_TIMEOUT);
      s.send(SignalRequest.newBuilder()
          .setAnswer(SessionDescription.newBuilder()
              .setType("answer").setSdp(answer).setId(offer.getId()))
          .build());
    } catch (RuntimeException e) {
      log.warn("{}: could not answer the server's offer: {}", name, e.getMessage());
      connectionLost("could not answer the server's offer: " + e.getMessage(), true);
    }
  }

  private void onTrickle(TrickleRequest trickle) {
    SubscriberPeer p = peer;
    if (p == null || trickle.getTarget() != SignalTarget.SUBSCRIBER
        || trickle.getCandidateInit().isEmpty()) {
      return;
    }
    try {
      p.addRemoteCandidate(IceCandidates.fromJson(trickle.getCandidateInit()));
    } catch (IllegalArgumentException e) {
      log.debug("{}: ignoring an unreadable ICE candidate: {}", name, e.getMessage());
    }
  }

  private void onLeave(LeaveRequest leave) {
    log.info("{}: server sent leave ({}, {})", name, leave.getReason(), leave.getAction());
    if (!ready.isDone()) {
      ready.completeExceptionally(new LiveKitConnectException(Reason.REJECTED,
          "LiveKit ended the join: " + leave.getReason()));
      return;
    }
    switch (leave.getAction()) {
      case RESUME -> connectionLost("server asked to resume (" + leave.getReason() + ")", false);
      case RECONNECT -> connectionLost("server asked to rejoin (" + leave.getReason() + ")", true);
      default -> {
        cancelTasks();
        SignalConnection s = signal;
        signal = null;
        if (s != null) {
          s.cancel();
        }
        state = ConnectionStatus.State.CLOSED;
        emit(SourceEvent.endOfStream("LiveKit ended the session: " + leave.getReason()));
      }
    }
  }

  /** Chooses whom to record, follows their tracks and turns changes into source events. */
  private void reconcileTarget() {
    Optional<ParticipantInfo> current =
        targetSid == null ? Optional.empty() : participants.get(targetSid);
    if (current.isEmpty()) {
      if (targetSid != null) {
        notice("participant " + targetIdentity + " left; waiting for a publisher to return");
        log.info("{}: participant {} left", name, targetIdentity);
        setLive(false, false);
        targetSid = null;
        targetIdentity = null;
        subscribed = Set.of();
        tracksSubscribed = 0;
      }
      String wanted = config.participant() != null ? config.participant() : lastTargetIdentity;
      current = participants.select(wanted);
      if (current.isEmpty() && config.participant() == null) {
        current = participants.select(null);
      }
      if (current.isEmpty()) {
        return;
      }
      ParticipantInfo chosen = current.get();
      targetSid = chosen.getSid();
      targetIdentity = chosen.getIdentity();
      lastTargetIdentity = chosen.getIdentity();
      notice("recording participant " + chosen.getIdentity());
    }
    ParticipantInfo target = current.get();
    Optional<TrackInfo> videoTrack = Participants.video(target);
    Optional<TrackInfo> audioTrack = Participants.audio(target);
    Set<String> wanted = new LinkedHashSet<>();
    videoTrack.ifPresent(t -> wanted.add(t.getSid()));
    audioTrack.ifPresent(t -> wanted.add(t.getSid()));
    Set<String> added = new LinkedHashSet<>(wanted);
    added.removeAll(subscribed);
    if (videoTrack.isPresent() && added.contains(videoTrack.get().getSid())) {
      // Before any frame: a stream that starts on a low simulcast layer records at full size.
      Participants.publishedSize(videoTrack.get())
          .ifPresent(size -> emit(SourceEvent.videoSize(size[0], size[1])));
    }
    if (!added.isEmpty()) {
      subscribe(target.getSid(), added);
    }
    subscribed = Set.copyOf(wanted);
    tracksSubscribed = wanted.size();
    setLive(videoTrack.map(t -> !t.getMuted()).orElse(false),
        audioTrack.map(t -> !t.getMuted()).orElse(false));
    if (!wanted.isEmpty()) {
      ready.complete(null);
    }
  }

  private void subscribe(String participantSid, Set<String> trackSids) {
    SignalConnection s = signal;
    if (s == null) {
      return;
    }
    log.info("{}: subscribing to {}", name, trackSids);
    s.send(SignalRequest.newBuilder()
        .setSubscription(UpdateSubscription.newBuilder()
            .addAllTrackSids(trackSids)
            .setSubscribe(true)
            .addParticipantTracks(LivekitModels.ParticipantTracks.newBuilder()
                .setParticipantSid(participantSid)
                .addAllTrackSids(trackSids)))
        .build());
  }

  /** Emits mute/unmute events on changes; the first unmuted state needs no event. */
  private void setLive(boolean videoNow, boolean audioNow) {
    if (videoNow != videoLive) {
      videoLive = videoNow;
      if (!videoNow) {
        videoMutedAnnounced = true;
        emit(SourceEvent.muted(TrackKind.VIDEO));
      } else if (videoMutedAnnounced) {
        videoMutedAnnounced = false;
        emit(SourceEvent.unmuted(TrackKind.VIDEO));
      }
    }
    if (audioNow != audioLive) {
      audioLive = audioNow;
      if (!audioNow) {
        audio.pause();
        audioMutedAnnounced = true;
        emit(SourceEvent.muted(TrackKind.AUDIO));
      } else {
        audio.resume();
        if (audioMutedAnnounced) {
          audioMutedAnnounced = false;
          emit(SourceEvent.unmuted(TrackKind.AUDIO));
        }
      }
    }
  }

  /** After a rejoin the target is chosen again; media is missing meanwhile, not muted. */
  private void forgetTarget() {
    targetSid = null;
    subscribed = Set.of();
    tracksSubscribed = 0;
    videoLive = false;
    audioLive = false;
    audio.pause();
  }

  // ---------------------------------------------------------------------------------------------
  // Keepalive, stats and reconnects, on the control thread.

  private void startTasks() {
    cancelTasks();
    pingTask = control.scheduleAtFixedRate(this::ping, pingIntervalSeconds, pingIntervalSeconds,
        TimeUnit.SECONDS);
    statsTask = control.scheduleAtFixedRate(this::pollStats, STATS_PERIOD.toMillis(),
        STATS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void cancelTasks() {
    ScheduledFuture<?> p = pingTask;
    if (p != null) {
      p.cancel(false);
      pingTask = null;
    }
    ScheduledFuture<?> st = statsTask;
    if (st != null) {
      st.cancel(false);
      statsTask = null;
    }
  }

  private void ping() {
    SignalConnection s = signal;
    if (s == null || closed.get()) {
      return;
    }
    long silentFor = (System.nanoTime() - s.lastMessageNanos()) / 1_000_000_000L;
    if (silentFor >= pingTimeoutSeconds) {
      connectionLost("no message from LiveKit for " + silentFor + " s", false);
      return;
    }
    long now = System.currentTimeMillis();
    lastPingSentMillis = now;
    s.send(SignalRequest.newBuilder()
        .setPingReq(LivekitRtc.Ping.newBuilder().setTimestamp(now))
        .build());
    s.send(SignalRequest.newBuilder().setPing(now).build());
  }

  private void pollStats() {
    SubscriberPeer p = peer;
    if (p != null && !closed.get()) {
      p.stats().thenAccept(report -> {
        mediaStats.update(report);
        audio.setDelayCompensationUs(mediaStats.audioShiftUs());
      });
    }
  }

  /**
   * Starts reconnecting: resume (a new WebSocket, same media) while the media connection is up,
   * else rejoin (new WebSocket and media connection), with the policy's backoff.
   */
  private void connectionLost(String why, boolean mediaLost) {
    if (closed.get() || reconnecting) {
      return;
    }
    reconnecting = true;
    state = ConnectionStatus.State.RECONNECTING;
    disconnectedSinceNanos = System.nanoTime();
    log.warn("{}: connection lost: {}; reconnecting", name, why);
    notice("LiveKit connection lost (" + why + "); reconnecting");
    cancelTasks();
    SignalConnection s = signal;
    signal = null;
    if (s != null) {
      s.cancel();
    }
    if (mediaLost) {
      closePeer();
      forgetTarget();
    }
    scheduleAttempt(1);
  }

  private void scheduleAttempt(int attempt) {
    if (closed.get()) {
      return;
    }
    if (attempt > config.reconnect().maxAttempts()) {
      giveUp(attempt - 1);
      return;
    }
    Duration wait = config.reconnect().backoff(attempt);
    try {
      control.schedule(() -> attempt(attempt), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("{}: not reconnecting, source is closing", name);
    }
  }

  private void attempt(int attempt) {
    if (closed.get()) {
      return;
    }
    reconnectAttempts++;
    SubscriberPeer p = peer;
    boolean resume = p != null && ownSid != null
        && p.state() == RTCPeerConnectionState.CONNECTED;
    log.info("{}: reconnect attempt {} ({})", name, attempt, resume ? "resume" : "rejoin");
    SignalConnection connection = new SignalConnection(signalListener);
    signal = connection;
    SignalResponse first;
    try {
      first = connection.connect(http, config.url(), tokens.next(), resume ? ownSid : null,
          config.connectTimeout());
    } catch (LiveKitConnectException e) {
      signal = null;
      lastReconnectError = e;
      log.warn("{}: reconnect attempt {} failed: {}", name, attempt, e.getMessage());
      scheduleAttempt(attempt + 1);
      return;
    }
    if (first.hasReconnect() && resume) {
      reconnected(true);
      state = ConnectionStatus.State.CONNECTED;
      startTasks();
    } else if (first.hasJoin()) {
      // A new session: the join handler (queued behind this task) builds a new media connection.
      closePeer();
      forgetTarget();
    } else {
      // The server does not know our session (or refused it): rejoin from scratch.
      signal = null;
      connection.cancel();
      closePeer();
      forgetTarget();
      scheduleAttempt(attempt + 1);
    }
  }

  private void reconnected(boolean resumed) {
    reconnecting = false;
    reconnects++;
    if (resumed) {
      resumes++;
    }
    endDisconnectedStretch();
    lastReconnectError = null;
    log.info("{}: {}", name, resumed ? "resumed the LiveKit session" : "rejoined the room");
    notice(resumed ? "LiveKit session resumed" : "rejoined the LiveKit room");
  }

  private void giveUp(int attempts) {
    state = ConnectionStatus.State.FAILED;
    LiveKitConnectException last = lastReconnectError;
    String reason = "lost the LiveKit connection and could not reconnect in " + attempts
        + " attempts" + (last != null ? ": " + last.getMessage() : "");
    log.error("{}: {}", name, reason);
    emit(SourceEvent.failed(reason, last != null ? last
        : new LiveKitConnectException(Reason.SERVER_UNREACHABLE, reason)));
  }

  private void endDisconnectedStretch() {
    long since = disconnectedSinceNanos;
    if (since != 0) {
      disconnectedTotalNanos += System.nanoTime() - since;
      disconnectedSinceNanos = 0;
    }
  }

  private void closePeer() {
    SubscriberPeer p = peer;
    peer = null;
    if (p != null) {
      mediaStats.retire();
      p.close();
    }
  }

  private void onPeerState(SubscriberPeer from, RTCPeerConnectionState newState) {
    if (from != peer || closed.get()) {
      return;
    }
    log.info("{}: media connection {}", name, newState);
    if (newState == RTCPeerConnectionState.FAILED) {
      connectionLost("media connection failed", true);
    } else if (newState == RTCPeerConnectionState.DISCONNECTED) {
      control.schedule(() -> {
        if (from == peer && from.state() != RTCPeerConnectionState.CONNECTED) {
          connectionLost("media connection down for " + MEDIA_GRACE.toSeconds() + " s", true);
        }
      }, MEDIA_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void sendCandidate(SubscriberPeer from, RTCIceCandidate candidate) {
    SignalConnection s = signal;
    if (from != peer || s == null) {
      return;
    }
    s.send(SignalRequest.newBuilder()
        .setTrickle(TrickleRequest.newBuilder()
            .setCandidateInit(IceCandidates.toJson(candidate))
            .setTarget(SignalTarget.SUBSCRIBER))
        .build());
  }

  private void notice(String message) {
    emit(SourceEvent.notice(message));
  }

  private void emit(SourceEvent event) {
    FrameSink s = sink;
    if (s != null && !closed.get()) {
      s.onEvent(event);
    }
  }

  private CompletableFuture<Void> onControl(Runnable task) {
    return CompletableFuture.runAsync(task, control);
  }

  private void post(Runnable task) {
    try {
      control.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("{}: unexpected error on the control thread", name, e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.trace("{}: dropped a callback after close", name);
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
      t.setDaemon(true);
      return t;
    };
  }

  private final class SignalListener implements SignalConnection.Listener {
    @Override
    public void onMessage(SignalConnection from, SignalResponse message) {
      post(() -> handle(from, message));
    }

    @Override
    public void onDropped(SignalConnection from, String reason, @Nullable Throwable cause) {
      post(() -> {
        if (from == signal) {
          connectionLost(reason, false);
        }
      });
    }
  }

  private final class PeerListener implements SubscriberPeer.Listener {
    @Override
    public void onLocalCandidate(SubscriberPeer from, RTCIceCandidate candidate) {
      post(() -> sendCandidate(from, candidate));
    }

    @Override
    public void onStateChange(SubscriberPeer from, RTCPeerConnectionState newState) {
      post(() -> onPeerState(from, newState));
    }

    @Override
    public void onTrackAdded(SubscriberPeer from, String mid, String kind) {
      log.info("{}: receiving {} (mid {})", name, kind, mid);
    }

    @Override
    public void onTrackRemoved(SubscriberPeer from, String kind) {
      log.info("{}: {} track removed", name, kind);
    }
  }
}
