package dev.liverec.livekit;

import dev.liverec.livekit.webrtc.IceCandidates;
import dev.liverec.livekit.webrtc.WebRtcStack;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import livekit.LivekitRtc;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of a LiveKit source, on its control thread: the subscriber peer connection of
 * the current session (made at each join, kept across a resume), its offers and candidates, the
 * WebRTC stats the audio shift follows, and the connection's health: a connection that fails, or
 * stays disconnected past a grace period, is reported lost (a resume with an ICE restart comes
 * first), and one that an ICE restart does not bring back is reported lost for a rejoin.
 */
final class MediaLink {
  private static final Logger log = LoggerFactory.getLogger(MediaLink.class);
  /**
   * A media connection DISCONNECTED this long is treated as lost. libwebrtc itself reports
   * DISCONNECTED only after 5-7 s without packets (a 2 s outage never leaves CONNECTED).
   */
  private static final Duration MEDIA_GRACE = Duration.ofSeconds(2);
  /** How long an ICE restart may take before a rejoin replaces it: libwebrtc's ICE timeout. */
  static final Duration ICE_RESTART_WINDOW = Duration.ofSeconds(15);

  /** What the link reports to its session. */
  interface Events {
    /** The media connection is lost; {@code canResume}: an ICE restart may bring it back. */
    void lost(String why, boolean canResume);

    /** Whether the session is already reconnecting (a lost report would change nothing). */
    boolean reconnecting();
  }

  private final String name;
  private final ControlThread control;
  private final VideoForwarder video;
  private final AudioForwarder audio;
  private final ReceiveStats stats;
  private final ConnectionCounters counters;
  private final Predicate<String> wanted;
  private final Supplier<@Nullable SignalConnection> signal;
  private final Events events;
  /** Connections closed but not yet confirmed CLOSED by WebRTC (control thread only). */
  private final List<SubscriberPeer> closing = new ArrayList<>();
  private @Nullable SubscriberPeer peer;

  MediaLink(String name, ControlThread control, VideoForwarder video, AudioForwarder audio,
      ReceiveStats stats, ConnectionCounters counters, Predicate<String> wanted,
      Supplier<@Nullable SignalConnection> signal, Events events) {
    this.name = name;
    this.control = control;
    this.video = video;
    this.audio = audio;
    this.stats = stats;
    this.counters = counters;
    this.wanted = wanted;
    this.signal = signal;
    this.events = events;
  }

  /** A new session: a new media connection replaces the old one. */
  void open(List<LivekitRtc.ICEServer> iceServers) {
    close();
    peer = new SubscriberPeer(WebRtcStack.shared().factory(), iceServers(iceServers), video,
        audio, wanted, new PeerEvents());
  }

  boolean isOpen() {
    return peer != null;
  }

  /**
   * The session was resumed: new TURN credentials apply from the server's ICE restart, and a
   * connection that is not back within {@link #ICE_RESTART_WINDOW} is reported lost for a rejoin.
   */
  void resumed(List<LivekitRtc.ICEServer> iceServers) {
    SubscriberPeer p = peer;
    if (p == null) {
      return;
    }
    if (!iceServers.isEmpty()) {
      p.setIceServers(iceServers(iceServers));
    }
    control.schedule(ICE_RESTART_WINDOW, () -> {
      if (peer == p && p.state() != RTCPeerConnectionState.CONNECTED && !events.reconnecting()) {
        events.lost("the ICE restart did not bring the media connection back", false);
      }
    });
  }

  /** Answers the server's offer on the connection it came on, if that is still the current one. */
  void onOffer(SessionDescription offer) {
    SubscriberPeer p = peer;
    SignalConnection via = signal.get();
    if (p == null || via == null) {
      log.warn("{}: offer before join; ignored", name);
      return;
    }
    p.answer(offer.getSdp(), offer.getMidToTrackIdMap()).whenCompleteAsync((sdp, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error;
        events.lost("could not answer the server's offer: " + cause.getMessage(), false);
      } else if (signal.get() == via && peer == p) {
        via.send(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder()
            .setType("answer").setSdp(sdp).setId(offer.getId())).build());
      }
    }, control);
  }

  void onTrickle(TrickleRequest trickle) {
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

  /** The recording's tracks changed: bind the sinks to match. */
  void rebind() {
    SubscriberPeer p = peer;
    if (p != null) {
      p.rebind();
    }
  }

  void pollStats() {
    SubscriberPeer p = peer;
    if (p != null) {
      p.stats().thenAccept(report -> {
        stats.update(report);
        audio.setDelayCompensationUs(stats.audioShiftUs());
      });
    }
  }

  long liveDataMessages() {
    SubscriberPeer p = peer;
    return p == null ? 0 : p.dataMessages();
  }

  long liveDataBytes() {
    SubscriberPeer p = peer;
    return p == null ? 0 : p.dataBytes();
  }

  /**
   * Closes the media connection, keeping what its counters saw. Does not wait for WebRTC to
   * confirm it: {@link #awaitClosed} does, once, at the end.
   */
  void close() {
    SubscriberPeer p = peer;
    peer = null;
    if (p != null) {
      counters.retireData(p.dataMessages(), p.dataBytes());
      stats.retire();
      p.close();
      closing.add(p);
    }
  }

  /** Waits, within {@code timeout} in all, for every connection closed so far to be CLOSED. */
  void awaitClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SubscriberPeer p : closing) {
      p.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    closing.clear();
  }

  private void onState(SubscriberPeer from, RTCPeerConnectionState state) {
    if (from != peer) {
      return;
    }
    log.info("{}: media connection {}", name, state);
    if (state == RTCPeerConnectionState.FAILED) {
      events.lost("media connection failed", true);
    } else if (state == RTCPeerConnectionState.DISCONNECTED) {
      control.schedule(MEDIA_GRACE, () -> {
        if (from == peer && from.state() != RTCPeerConnectionState.CONNECTED
            && !events.reconnecting()) {
          events.lost("media connection down for " + MEDIA_GRACE.toSeconds() + " s", true);
        }
      });
    }
  }

  private static List<RTCIceServer> iceServers(List<LivekitRtc.ICEServer> servers) {
    List<RTCIceServer> out = new ArrayList<>();
    for (LivekitRtc.ICEServer s : servers) {
      RTCIceServer server = new RTCIceServer();
      server.urls = new ArrayList<>(s.getUrlsList());
      server.username = s.getUsername();
      server.password = s.getCredential();
      out.add(server);
    }
    return out;
  }

  private final class PeerEvents implements SubscriberPeer.Listener {
    @Override
    public void onLocalCandidate(SubscriberPeer from, RTCIceCandidate candidate) {
      control.execute(() -> {
        SignalConnection s = signal.get();
        if (from == peer && s != null) {
          s.send(SignalRequest.newBuilder()
              .setTrickle(IceCandidates.trickle(candidate, SignalTarget.SUBSCRIBER)).build());
        }
      });
    }

    @Override
    public void onStateChange(SubscriberPeer from, RTCPeerConnectionState state) {
      control.execute(() -> onState(from, state));
    }
  }
}
