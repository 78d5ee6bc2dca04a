package dev.liverec.livekit;

import dev.liverec.livekit.LiveKitConnectException.Reason;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.SourceEvent;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import livekit.LivekitModels;
import livekit.LivekitRtc;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.UpdateSubscription;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LiveKit source's life in its room, on its {@link ControlThread}: the join, the messages the
 * server sends, the media connection, keepalive and stats, and getting a lost connection back.
 * Nothing here blocks: every network step completes a future that posts back to the thread. A
 * failure ends in one {@link SourceEvent.Failed} with a {@link LiveKitConnectException}.
 */
final class RoomSession {
  private static final Logger log = LoggerFactory.getLogger(RoomSession.class);
  /** How often WebRTC's stats are read: the audio shift follows the jitter buffers with them. */
  private static final Duration STATS_PERIOD = Duration.ofMillis(250);
  /** How long leaving waits for WebRTC to confirm the closed media connections. */
  private static final Duration PEER_CLOSE_WAIT = Duration.ofSeconds(2);

  private final String name;
  private final LiveKitSourceConfig config;
  private final AudioForwarder audio;
  private final ConnectionCounters counters;
  private final ControlThread control;
  private final Tokens tokens;
  private final Handshake handshake;
  private final TargetTracker target;
  private final Reconnector reconnector;
  private final MediaLink media;
  private final ServerNotices notices;

  // Control thread only.
  private @Nullable FrameSink sink;
  private @Nullable SignalConnection signal;
  private @Nullable String ownSid;
  private boolean ready;
  private boolean ended;
  private int pingIntervalSeconds = 5;
  private int pingTimeoutSeconds = 15;
  private @Nullable ScheduledFuture<?> pingTask;
  private @Nullable ScheduledFuture<?> statsTask;
  private @Nullable ScheduledFuture<?> participantDeadline;
  private @Nullable ScheduledFuture<?> goneTimer;

  RoomSession(String name, LiveKitSourceConfig config, OkHttpClient http, VideoForwarder video,
      AudioForwarder audio, ReceiveStats mediaStats, ConnectionCounters counters) {
    this.name = name;
    this.config = config;
    this.audio = audio;
    this.counters = counters;
    this.control = new ControlThread(name, e -> fail(new LiveKitConnectException(
        Reason.PROTOCOL_ERROR, "unexpected error on the LiveKit control thread: " + e, e)));
    this.tokens = new Tokens(config);
    this.handshake = new Handshake(config, tokens, http, new SignalEvents());
    this.target = new TargetTracker(config.participant(), config.videoPreference(),
        new TargetActions());
    this.reconnector = new Reconnector(name, config.reconnect(), control, counters,
        this::reconnectAttempt, this::fail);
    this.notices = new ServerNotices(counters, target::wants, target::videoSid, this::emit);
    this.media = new MediaLink(name, control, video, audio, mediaStats, counters, target::wants,
        () -> signal, new MediaLink.Events() {
          @Override
          public void lost(String why, boolean canResume) {
            connectionLost(why, canResume);
          }

          @Override
          public boolean reconnecting() {
            return reconnector.active();
          }
        });
  }

  @Nullable String targetIdentity() {
    return target.identity();
  }

  int tracksSubscribed() {
    return target.wanted().size();
  }

  long liveDataMessages() {
    return media.liveDataMessages();
  }

  long liveDataBytes() {
    return media.liveDataBytes();
  }

  /**
   * Posts the join: the connect timeout bounds the handshake, and once joined the participant
   * must be recorded within the participant timeout.
   */
  void start(FrameSink sink) {
    control.execute(() -> {
      this.sink = sink;
      handshake.open(null).whenCompleteAsync((opened, error) -> {
        if (error != null) {
          fail(connectFailure(error));
        } else if (ended) {
          opened.connection().cancel();
        } else {
          signal = opened.connection();
          onJoin(opened.first().getJoin());
        }
      }, control);
    });
  }

  private void participantDeadline() {
    if (ready || ended) {
      return;
    }
    String who = config.participant() != null
        ? "participant '" + config.participant() + "' did not join"
        : "no participant publishing a camera or screen share joined";
    String room = config.room() != null ? config.room() : "(named by the token)";
    fail(new LiveKitConnectException(Reason.NO_PARTICIPANT, who + " room " + room + " within "
        + config.participantTimeout().toSeconds() + " s; start the publisher first, check the "
        + "identity, or raise the participant timeout"));
  }

  // --- the server's messages -----------------------------------------------------------------

  private void onJoin(JoinResponse join) {
    ownSid = join.getParticipant().getSid();
    pingIntervalSeconds = join.getPingInterval() > 0 ? join.getPingInterval() : 5;
    pingTimeoutSeconds = join.getPingTimeout() > 0 ? join.getPingTimeout() : 15;
    media.open(join.getIceServersList());
    counters.connected();
    log.info("{}: joined room {} as {} (server {}, {} other participants)", name,
        join.getRoom().getName(), join.getParticipant().getIdentity(),
        join.getServerInfo().getVersion(), join.getOtherParticipantsCount());
    if (participantDeadline == null && !ready) {
      participantDeadline = control.schedule(config.participantTimeout(), this::participantDeadline);
    }
    target.joined(join.getOtherParticipantsList());
    startTasks();
    targetChanged();
  }

  private void onResumed(ReconnectResponse response) {
    startTasks();
    // The server restarts ICE with its next offer; a media connection that does not come back
    // on it is replaced by a rejoin.
    media.resumed(response.getIceServersList());
  }

  private void handle(SignalConnection from, SignalResponse message) {
    if (from != signal || ended) {
      return;
    }
    switch (message.getMessageCase()) {
      case OFFER -> media.onOffer(message.getOffer());
      case TRICKLE -> media.onTrickle(message.getTrickle());
      case UPDATE -> {
        target.update(message.getUpdate().getParticipantsList());
        targetChanged();
      }
      case TRACK_UNPUBLISHED -> {
        target.trackUnpublished(message.getTrackUnpublished().getTrackSid());
        targetChanged();
      }
      case LEAVE -> onLeave(message.getLeave());
      case REFRESH_TOKEN -> tokens.refresh(message.getRefreshToken());
      case SUBSCRIPTION_RESPONSE -> notices.subscriptionFailed(message.getSubscriptionResponse());
      case STREAM_STATE_UPDATE -> notices.streamStates(message.getStreamStateUpdate());
      case SUBSCRIPTION_PERMISSION_UPDATE ->
          notices.permission(message.getSubscriptionPermissionUpdate());
      case ROOM_MOVED -> {
        counters.roomMoves.incrementAndGet();
        tokens.refresh(message.getRoomMoved().getToken());
        connectionLost("the room moved to " + message.getRoomMoved().getRoom().getName(), false);
      }
      default -> log.debug("{}: ignoring {}", name, message.getMessageCase());
    }
  }

  private void onLeave(LeaveRequest leave) {
    log.info("{}: server sent leave ({}, {})", name, leave.getReason(), leave.getAction());
    if (!ready) {
      fail(new LiveKitConnectException(Reason.REJECTED,
          "LiveKit ended the join: " + leave.getReason()));
      return;
    }
    switch (leave.getAction()) {
      case RESUME -> connectionLost("server asked to resume (" + leave.getReason() + ")", true);
      case RECONNECT -> connectionLost("server asked to rejoin (" + leave.getReason() + ")", false);
      default -> end("LiveKit ended the session: " + leave.getReason());
    }
  }

  /** The followed participant or tracks changed: rebinds the sinks; the first time, ready. */
  private void targetChanged() {
    media.rebind();
    if (!ready && target.ready()) {
      ready = true;
      if (participantDeadline != null) {
        participantDeadline.cancel(false);
      }
      log.info("{}: recording participant {} ({} ms after start)", name, target.identity(),
          (System.nanoTime() - counters.startNanos()) / 1_000_000);
    }
  }

  // --- reconnects ----------------------------------------------------------------------------

  /** Drops signalling (and, unless a resume can keep it, the media connection) and reconnects. */
  private void connectionLost(String why, boolean canResume) {
    if (ended) {
      return;
    }
    notice("LiveKit connection lost (" + why + "); reconnecting");
    stopTasks();
    SignalConnection s = signal;
    signal = null;
    if (s != null) {
      s.cancel();
    }
    boolean resume = canResume && ownSid != null && media.isOpen();
    if (!resume) {
      media.close();
      target.forget();
    }
    reconnector.lost(why, resume);
  }

  private CompletableFuture<Boolean> reconnectAttempt(boolean resume, int number) {
    if (ended) {
      return CompletableFuture.failedFuture(new IllegalStateException("source ended"));
    }
    // A rejoin keeps the old media connection until the new session replaces it (onJoin): while
    // the server still has it, frames keep coming during a signalling outage.
    return handshake.open(resume ? ownSid : null).thenApplyAsync(opened -> {
      if (ended) {
        opened.connection().cancel();
        return false;
      }
      signal = opened.connection();
      if (opened.resumed()) {
        onResumed(opened.first().getReconnect());
      } else {
        onJoin(opened.first().getJoin());
      }
      return opened.resumed();
    }, control);
  }

  // --- keepalive, stats, the media connection ------------------------------------------------

  private void startTasks() {
    stopTasks();
    pingTask = control.every(Duration.ofSeconds(pingIntervalSeconds), this::ping);
    statsTask = control.every(STATS_PERIOD, media::pollStats);
  }

  private void stopTasks() {
    if (pingTask != null) {
      pingTask.cancel(false);
      pingTask = null;
    }
    if (statsTask != null) {
      statsTask.cancel(false);
      statsTask = null;
    }
  }

  private void ping() {
    SignalConnection s = signal;
    if (s == null || ended) {
      return;
    }
    long silentFor = (System.nanoTime() - s.lastMessageNanos()) / 1_000_000_000L;
    if (silentFor >= pingTimeoutSeconds) {
      connectionLost("no message from LiveKit for " + silentFor + " s", true);
      return;
    }
    long now = System.currentTimeMillis();
    s.send(SignalRequest.newBuilder().setPingReq(LivekitRtc.Ping.newBuilder().setTimestamp(now))
        .build());
    s.send(SignalRequest.newBuilder().setPing(now).build());
  }

  // --- endings -------------------------------------------------------------------------------

  /** Ends the recording FAILED with {@code failure}; once. */
  private void fail(LiveKitConnectException failure) {
    if (ended) {
      return;
    }
    log.warn("{}: {}", name, failure.getMessage());
    counters.failure = failure.reason();
    counters.state = ConnectionStatus.State.FAILED;
    emit(SourceEvent.failed(failure.getMessage(), failure));
    ended = true;
    stopTasks();
  }

  /** Ends the stream (the recording finishes its file); once. */
  private void end(String reason) {
    if (ended) {
      return;
    }
    log.info("{}: {}", name, reason);
    emit(SourceEvent.endOfStream(reason));
    ended = true;
    stopTasks();
  }

  /** Leaves the room and frees the media connection and the control thread. */
  void close(Duration timeout) {
    control.close(() -> {
      ended = true;
      stopTasks();
      SignalConnection s = signal;
      signal = null;
      if (s != null) {
        s.leave();
      }
      media.close();
      media.awaitClosed(PEER_CLOSE_WAIT);
      counters.endDisconnectedStretch();
    }, timeout);
  }

  private void notice(String message) {
    emit(SourceEvent.notice(message));
  }

  private void emit(SourceEvent event) {
    FrameSink s = sink;
    if (s != null && !ended) {
      s.onEvent(event);
    }
  }

  private static LiveKitConnectException connectFailure(Throwable error) {
    Throwable cause = cause(error);
    return cause instanceof LiveKitConnectException lke ? lke
        : new LiveKitConnectException(Reason.PROTOCOL_ERROR, "joining LiveKit failed: " + cause,
            cause);
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private final class TargetActions implements TargetTracker.Actions {
    @Override
    public void subscribe(String participantSid, Set<String> trackSids, boolean subscribe) {
      SignalConnection s = signal;
      if (s == null) {
        return;
      }
      log.info("{}: {} {}", name, subscribe ? "subscribing to" : "unsubscribing from", trackSids);
      s.send(SignalRequest.newBuilder().setSubscription(UpdateSubscription.newBuilder()
          .addAllTrackSids(trackSids).setSubscribe(subscribe)
          .addParticipantTracks(LivekitModels.ParticipantTracks.newBuilder()
              .setParticipantSid(participantSid).addAllTrackSids(trackSids)))
          .build());
    }

    @Override
    public void emit(SourceEvent event) {
      RoomSession.this.emit(event);
    }

    @Override
    public void topLayer(String trackSid, int width, int height) {
      SignalConnection s = signal;
      if (s != null) {
        s.send(SignalRequest.newBuilder().setTrackSetting(LivekitRtc.UpdateTrackSettings
            .newBuilder().addTrackSids(trackSid).setQuality(LivekitModels.VideoQuality.HIGH)
            .setWidth(width).setHeight(height)).build());
      }
    }

    @Override
    public void audioLive(boolean live) {
      if (live) {
        audio.resume();
      } else {
        audio.pause();
      }
    }

    @Override
    public void targetChanged(@Nullable String identity) {
      if (goneTimer != null) {
        goneTimer.cancel(false);
        goneTimer = null;
      }
      Duration timeout = config.publisherGoneTimeout();
      if (identity == null && timeout != null) {
        goneTimer = control.schedule(timeout, () -> end("the recorded participant has been gone "
            + "for " + timeout.toSeconds() + " s (publisher-gone timeout)"));
      }
    }
  }

  private final class SignalEvents implements SignalConnection.Listener {
    @Override
    public void onMessage(SignalConnection from, SignalResponse message) {
      control.execute(() -> handle(from, message));
    }

    @Override
    public void onDropped(SignalConnection from, String reason, @Nullable Throwable cause) {
      control.execute(() -> {
        if (from == signal) {
          connectionLost(reason, true);
        }
      });
    }
  }
}
