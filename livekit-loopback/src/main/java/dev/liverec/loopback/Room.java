package dev.liverec.loopback;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import livekit.LivekitModels;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.ParticipantUpdate;
import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.RoomUpdate;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room, with livekit-server's membership rules: a join is answered with the join response,
 * a {@code refresh_token} and, right after, the subscriber offer with the data channels; a
 * participant whose socket drops is kept for a resume (matched by identity, answered with {@code
 * ReconnectResponse}, participant and room updates and an ICE-restart offer) until the resume
 * window ends; a second join of the same identity replaces the first (DUPLICATE_IDENTITY).
 * Everything runs on the room's own thread; other threads post to it.
 */
final class Room implements SignalSocket.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Room.class);

  private final String name;
  private final String sid = Sids.next(Sids.ROOM);
  private final long createdAt = System.currentTimeMillis() / 1000;
  private final RoomSettings settings;
  private final RoomThread thread;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final Tracks tracks;
  private final Requests requests;
  private final AtomicLong joins = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private int version;
  private boolean activeRecording;
  private volatile boolean closed;

  Room(String name, RoomSettings settings) {
    this.name = name;
    this.settings = settings;
    this.thread = new RoomThread(name);
    this.tracks = new Tracks(settings, participants.values(), this::announce);
    this.requests = new Requests(this, settings, thread);
  }

  String name() {
    return name;
  }

  Tracks tracks() {
    return tracks;
  }

  /** The room's thread, for timers of its own participants. */
  RoomThread thread() {
    return thread;
  }

  long joins() {
    return joins.get();
  }

  long resumes() {
    return resumes.get();
  }

  /** Participants with a signalling client (subscribers), now. */
  int clientCount() {
    return call(() -> (int) participants.values().stream().filter(Participant::isClient).count());
  }

  // --- from Jetty's threads --------------------------------------------------------------------

  @Override
  public void opened(SignalSocket socket) {
    post(() -> connect(socket));
  }

  @Override
  public void received(SignalSocket socket, SignalRequest request) {
    post(() -> {
      Participant p = bySocket(socket);
      if (p != null) {
        requests.handle(p, request);
      }
    });
  }

  @Override
  public void gone(SignalSocket socket) {
    post(() -> socketGone(socket));
  }

  // --- membership, on the room thread ----------------------------------------------------------

  private void connect(SignalSocket socket) {
    ConnectRequest request = socket.request();
    Participant existing = participants.get(request.grant().identity());
    if (request.reconnect() && existing != null && existing.isClient()) {
      resume(existing, socket);
      return;
    }
    if (existing != null) {
      existing.send(leave(DisconnectReason.DUPLICATE_IDENTITY, LeaveRequest.Action.DISCONNECT));
      remove(existing, DisconnectReason.DUPLICATE_IDENTITY);
    }
    join(socket, request);
  }

  private void join(SignalSocket socket, ConnectRequest request) {
    Participant p = new Participant(Sids.next(Sids.PARTICIPANT), request.grant());
    p.socket = socket;
    p.autoSubscribe = request.autoSubscribe();
    p.state = ParticipantInfo.State.JOINED;
    p.version = ++version;
    if (request.grant().canSubscribe()) {
      p.subscriber = new SubscriberTransport(p.identity(), settings.sending(), thread, p::send,
          (transport, state) -> subscriberState(p, transport, state), settings.mediaRelay());
    }
    participants.put(p.identity(), p);
    activeRecording |= p.grant.recorder();
    joins.incrementAndGet();
    JoinResponse.Builder join = JoinResponse.newBuilder()
        .setRoom(roomInfo())
        .setParticipant(p.info())
        .setServerInfo(settings.serverInfo())
        .setServerVersion(settings.serverInfo().getVersion())
        .setSubscriberPrimary(p.subscriber != null)
        .setPingInterval(settings.pingIntervalSeconds())
        .setPingTimeout(settings.pingTimeoutSeconds());
    for (Participant other : participants.values()) {
      if (other != p && !other.hidden()) {
        join.addOtherParticipants(other.info());
      }
    }
    p.send(SignalResponse.newBuilder().setJoin(join).build());
    refreshToken(p);
    p.tokenRefresh = thread.every(settings.tokenRefreshInterval(), () -> refreshToken(p));
    announce(p);
    if (p.subscriber != null) {
      p.subscriber.negotiate(false);
    }
    if (p.autoSubscribe) {
      tracks.subscribeToAll(p);
    }
    log.info("loopback: {} joined room {} as {} (auto_subscribe {}, protocol {}, sdk {})",
        p.identity(), name, p.sid, p.autoSubscribe, request.protocol(), request.sdk());
  }

  private void resume(Participant p, SignalSocket socket) {
    if (p.mediaClosed) {
      socket.send(leave(DisconnectReason.STATE_MISMATCH, LeaveRequest.Action.RECONNECT));
      socket.close(1000, "cannot resume a closed participant");
      remove(p, DisconnectReason.STATE_MISMATCH);
      return;
    }
    SignalSocket old = p.socket;
    p.socket = socket;
    if (old != null) {
      old.close(1000, "resumed on another connection");
    }
    if (p.expiry != null) {
      p.expiry.cancel(false);
      p.expiry = null;
    }
    resumes.incrementAndGet();
    p.send(SignalResponse.newBuilder().setReconnect(ReconnectResponse.newBuilder()
        .setClientConfiguration(LivekitModels.ClientConfiguration.getDefaultInstance())
        .setServerInfo(settings.serverInfo())).build());
    ParticipantUpdate.Builder all = ParticipantUpdate.newBuilder();
    for (Participant other : participants.values()) {
      if (!other.hidden() || other == p) {
        all.addParticipants(other.info());
      }
    }
    p.send(SignalResponse.newBuilder().setUpdate(all).build());
    p.send(SignalResponse.newBuilder().setRoomUpdate(RoomUpdate.newBuilder().setRoom(roomInfo()))
        .build());
    if (p.subscriber != null) {
      p.subscriber.restartIce();
    }
    log.info("loopback: {} resumed its session {}", p.identity(), p.sid);
  }

  private void socketGone(SignalSocket socket) {
    Participant p = bySocket(socket);
    if (p == null) {
      return;
    }
    p.socket = null;
    p.expiry = thread.schedule(() -> {
      if (p.socket == null && participants.get(p.identity()) == p) {
        log.info("loopback: {} did not resume within {} s", p.identity(),
            settings.resumeWindow().toSeconds());
        remove(p, DisconnectReason.SIGNAL_CLOSE);
      }
    }, settings.resumeWindow());
    log.info("loopback: signalling socket of {} closed; kept for a resume", p.identity());
  }

  /** Takes a participant out of the room: its tracks are unpublished and the others told. */
  void remove(Participant p, DisconnectReason reason) {
    if (participants.get(p.identity()) != p) {
      return;
    }
    participants.remove(p.identity());
    for (PublishedTrack t : List.copyOf(p.tracks.values())) {
      tracks.unpublish(p, t);
    }
    p.closeMedia();
    p.state = ParticipantInfo.State.DISCONNECTED;
    ParticipantInfo gone = p.info().toBuilder().setDisconnectReason(reason).build();
    broadcast(SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
        .addParticipants(gone)).build(), p);
    SignalSocket s = p.socket;
    p.socket = null;
    if (s != null) {
      s.close(1000, "participant removed: " + reason);
    }
  }

  /** Adds a participant that has no signalling client (the built-in publisher). */
  void addLocal(Participant p) {
    p.state = ParticipantInfo.State.ACTIVE;
    p.version = ++version;
    participants.put(p.identity(), p);
    announce(p);
  }

  void mute(Participant p, String trackSid, boolean muted) {
    PublishedTrack t = p.tracks.get(trackSid);
    if (t != null && t.info().getMuted() != muted) {
      t.setMuted(muted);
      announce(p);
    }
  }

  private void subscriberState(Participant p, SubscriberTransport transport,
      RTCPeerConnectionState state) {
    if (p.subscriber != transport) {
      return;
    }
    if (state == RTCPeerConnectionState.CONNECTED && p.state == ParticipantInfo.State.JOINED) {
      p.state = ParticipantInfo.State.ACTIVE;
      announce(p);
    }
  }

  private void refreshToken(Participant p) {
    p.send(SignalResponse.newBuilder()
        .setRefreshToken(settings.tokens().refresh(p.grant, settings.tokenTtl())).build());
  }

  // --- telling the room ------------------------------------------------------------------------

  /** Sends a participant's current info to everyone (to itself too, as livekit-server does). */
  void announce(Participant p) {
    p.version = ++version;
    SignalResponse update = SignalResponse.newBuilder()
        .setUpdate(ParticipantUpdate.newBuilder().addParticipants(p.info())).build();
    if (p.hidden()) {
      p.send(update);
    } else {
      broadcast(update, null);
    }
  }

  private void broadcast(SignalResponse message, @Nullable Participant except) {
    for (Participant p : participants.values()) {
      if (p != except) {
        p.send(message);
      }
    }
  }

  LivekitModels.Room roomInfo() {
    int visible = (int) participants.values().stream().filter(p -> !p.hidden()).count();
    int publishers = (int) participants.values().stream().filter(p -> !p.tracks.isEmpty()).count();
    return LivekitModels.Room.newBuilder().setSid(sid).setName(name).setCreationTime(createdAt)
        .setNumParticipants(visible).setNumPublishers(publishers)
        .setActiveRecording(activeRecording).setEmptyTimeout(300).build();
  }

  static SignalResponse leave(DisconnectReason reason, LeaveRequest.Action action) {
    return SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
        .setReason(reason).setAction(action).setCanReconnect(action != LeaveRequest.Action.DISCONNECT))
        .build();
  }

  private @Nullable Participant bySocket(SignalSocket socket) {
    for (Participant p : participants.values()) {
      if (p.socket == socket) {
        return p;
      }
    }
    return null;
  }

  @Nullable Participant participant(String identity) {
    return participants.get(identity);
  }

  List<Participant> participants() {
    return List.copyOf(participants.values());
  }

  // --- the room thread -------------------------------------------------------------------------

  void post(Runnable task) {
    if (!closed) {
      thread.execute(task);
    }
  }

  <T> T call(Callable<T> task) {
    return thread.call(task);
  }

  void run(Runnable task) {
    thread.run(task);
  }

  /** Closes every connection and frees every outgoing track; the built-in publisher is the caller's. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      run(() -> {
        for (Participant p : List.copyOf(participants.values())) {
          SignalSocket s = p.socket;
          if (s != null) {
            s.cut();
          }
          p.closeMedia();
        }
        tracks.disposeAll();
        participants.clear();
      });
    } catch (RuntimeException e) {
      log.warn("loopback: closing room {}: {}", name, e.toString());
    }
    closed = true;
    thread.shutdown();
  }
}
