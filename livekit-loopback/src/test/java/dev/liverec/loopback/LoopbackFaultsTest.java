package dev.liverec.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import livekit.LivekitRtc.StreamState;
import livekit.LivekitRtc.StreamStateInfo;
import org.junit.jupiter.api.Test;

/**
 * The faults liverec's LiveKit client tests need beyond cut signalling, each checked with a bare
 * signalling client whose real WebRTC peer connection answers the subscriber offers: an outage of
 * the media path while signalling stays, data traffic from the built-in publisher, and a video
 * stream paused as livekit-server's congestion control pauses it.
 *
 * <p>What libwebrtc (webrtc-java 0.14) does in an outage of its media path, as measured with
 * this client: for the first 5 s nothing but a stop of RTP; then ICE and the connection go
 * DISCONNECTED (seen 5.1 to 5.9 s after the outage began, in twelve runs); 3 to 90 ms after
 * packets flow again both are CONNECTED again, on the same selected candidate pair, with no new
 * offer and no ICE restart. An outage that lasts 15 s makes both FAILED (seen at 15.1 s), and
 * they stay FAILED: only an ICE restart (a resume) brings the connection back. An outage shorter
 * than 5 s is therefore only a gap in the packets.
 */
class LoopbackFaultsTest {
  private static final String KEY = "devkey";
  private static final String SECRET = "loopback-faults-secret-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static LoopbackOptions.Builder server() {
    return LoopbackLiveKitServer.builder().apiKey(KEY, SECRET).room("demo");
  }

  /** A client of the default room, joined and with its subscriber connection CONNECTED. */
  private static RawClient connected(LoopbackLiveKitServer server, String identity)
      throws InterruptedException {
    RawClient client = RawClient.connect(server, SECRET, identity, "demo", "protocol=16");
    try {
      client.next(MessageCase.JOIN, WAIT);
      client.awaitConnection(s -> s == RTCPeerConnectionState.CONNECTED, WAIT, "CONNECTED");
      return client;
    } catch (AssertionError | InterruptedException e) {
      client.close();
      throw e;
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + timeout.toMillis() + " ms");
      }
      Thread.sleep(10);
    }
  }

  private static long packets(RawClient client) {
    try {
      return client.packetsReceived();
    } catch (Exception e) {
      throw new AssertionError("no stats: " + e, e);
    }
  }

  /** The changes of the client's connection from {@code since} on, with their time since it. */
  private static List<String> changesSince(RawClient client, long since) {
    List<String> out = new ArrayList<>();
    for (RawClient.Change c : client.changes()) {
      if (c.atNanos() >= since) {
        out.add(c.what() + " @" + (c.atNanos() - since) / 1_000_000 + " ms");
      }
    }
    return out;
  }

  /**
   * Given a server with the media relay and a client whose subscriber connection is CONNECTED,
   * having been told only the relay's 127.0.0.1 UDP candidates, when its media path is
   * interrupted for 8 s (libwebrtc takes 5 to 6 s to notice, see the class comment), then its
   * connection goes DISCONNECTED while its signalling stays up, and without any new offer it is
   * CONNECTED again soon after the outage ends, with RTP arriving again.
   */
  @Test
  void aMediaOutageDisconnectsTheClientUntilPacketsFlowAgain() throws Exception {
    Duration outage = Duration.ofSeconds(8);
    try (LoopbackLiveKitServer server = server().mediaRelay(true).start();
        RawClient client = connected(server, "traveller")) {
      List<String> told = new ArrayList<>();
      client.offers().forEach(sdp -> sdp.lines().filter(l -> l.startsWith("a=candidate:"))
          .forEach(told::add));
      long trickles = client.kinds().stream().filter(k -> k == MessageCase.TRICKLE).count();
      for (long i = 0; i < trickles; i++) {
        told.add(client.next(MessageCase.TRICKLE, WAIT).getTrickle().getCandidateInit());
      }
      assertThat(told).isNotEmpty().allSatisfy(c -> assertThat(c).contains(" udp ")
          .contains(" 127.0.0.1 ").contains(" typ host"));
      int offers = client.offers().size();

      long start = System.nanoTime();
      server.faults().interruptMedia("traveller", outage);
      RTCPeerConnectionState left = client.awaitConnection(
          s -> s != RTCPeerConnectionState.CONNECTED, outage, "out of CONNECTED");
      long leftAt = System.nanoTime();
      assertThat(left).isIn(RTCPeerConnectionState.DISCONNECTED, RTCPeerConnectionState.FAILED);
      long stalled = packets(client);
      client.awaitConnection(s -> s == RTCPeerConnectionState.CONNECTED,
          outage.plus(WAIT), "CONNECTED again");
      long backAt = System.nanoTime();
      await(() -> packets(client) > stalled + 50, WAIT, "RTP again");

      assertThat(leftAt - start).as("left CONNECTED while interrupted: %s",
          changesSince(client, start)).isLessThan(outage.toNanos());
      assertThat(backAt - start).as("back only once packets flow: %s",
          changesSince(client, start)).isGreaterThanOrEqualTo(outage.toNanos());
      assertThat(client.offers()).as("no new offer, no ICE restart").hasSize(offers);
      assertThat(client.kinds()).doesNotContain(MessageCase.LEAVE, MessageCase.RECONNECT);
      assertThat(server.resumes()).isZero();
    }
  }

  /**
   * Given a client CONNECTED through the media relay, when its media path is interrupted for
   * 2 s, then no RTP arrives for about 2 s and then it arrives again, while libwebrtc's
   * connection stays CONNECTED throughout: the outage ends before libwebrtc would notice it.
   */
  @Test
  void aShortMediaOutageIsAGapInThePacketsOnly() throws Exception {
    try (LoopbackLiveKitServer server = server().mediaRelay(true).start();
        RawClient client = connected(server, "commuter")) {
      await(() -> packets(client) > 50, WAIT, "RTP");
      long start = System.nanoTime();
      server.faults().interruptMedia("commuter", Duration.ofSeconds(2));
      long last = packets(client);
      long lastAt = System.nanoTime();
      long longestGap = 0;
      long deadline = start + Duration.ofSeconds(8).toNanos();
      while (longestGap < Duration.ofMillis(1_500).toNanos()) {
        assertThat(System.nanoTime()).as("RTP stopped for 1.5 s, then came back")
            .isLessThan(deadline);
        Thread.sleep(20);
        long now = packets(client);
        if (now != last) {
          longestGap = Math.max(longestGap, System.nanoTime() - lastAt);
          last = now;
          lastAt = System.nanoTime();
        }
      }
      assertThat(longestGap).as("the gap").isLessThan(Duration.ofMillis(2_600).toNanos());
      assertThat(changesSince(client, start)).as("libwebrtc's connection states").isEmpty();
      assertThat(client.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
    }
  }

  /**
   * The relay is on by default for a server on 127.0.0.1; without it the media path is direct
   * and cannot be interrupted.
   */
  @Test
  void interruptingMediaNeedsTheRelay() {
    assertThat(server().build().mediaRelay()).isTrue();
    assertThat(server().host("0.0.0.0").build().mediaRelay()).isFalse();
    try (LoopbackLiveKitServer server = server().mediaRelay(false).publish(false).start()) {
      assertThatThrownBy(() -> server.faults().interruptMedia("anyone", Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("mediaRelay(true)");
    }
  }

  /**
   * Given a client whose {@code _reliable} channel is open, when the built-in publisher sends
   * 50 packets of 200 bytes a second, then the client receives 100 (within 20 %) in 2 s, each a
   * user DataPacket stamped with the publisher's identity and numbered in order; after {@code
   * stopData} none follow.
   */
  @Test
  void theBuiltInPublisherSendsDataAtTheRate() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = connected(server, "listener")) {
      await(() -> client.dataChannels().contains("_reliable"), WAIT, "the _reliable channel");
      server.sendData(50, 200);
      await(() -> !client.messages("_reliable").isEmpty(), WAIT, "a first message");
      long first = client.messages("_reliable").get(0).atNanos();
      long windowEnd = first + Duration.ofSeconds(2).toNanos();
      await(() -> client.messages("_reliable").stream().anyMatch(m -> m.atNanos() >= windowEnd),
          WAIT, "messages beyond 2 s");
      server.stopData();
      long relayedAtStop = server.dataPacketsRelayed();

      List<RawClient.Message> window = client.messages("_reliable").stream()
          .filter(m -> m.atNanos() < windowEnd).toList();
      assertThat(window).as("messages in 2 s at 50/s").hasSizeBetween(80, 120);
      List<DataPacket> packets = new ArrayList<>();
      for (RawClient.Message m : client.messages("_reliable")) {
        packets.add(DataPacket.parseFrom(m.data()));
      }
      assertThat(packets).allSatisfy(p -> {
        assertThat(p.getParticipantIdentity()).isEqualTo("publisher");
        assertThat(p.getKind()).isEqualTo(DataPacket.Kind.RELIABLE);
        assertThat(p.hasUser()).isTrue();
        assertThat(p.getUser().getParticipantIdentity()).isEqualTo("publisher");
        assertThat(p.getUser().getPayload().size()).isEqualTo(200);
      });
      for (int i = 1; i < packets.size(); i++) {
        assertThat(packets.get(i).getSequence()).isEqualTo(packets.get(i - 1).getSequence() + 1);
      }
      assertThat(server.dataPacketsRelayed()).isGreaterThanOrEqualTo(window.size());
      Thread.sleep(200); // an observation window: ten periods in which nothing more may be sent
      assertThat(server.dataPacketsRelayed()).as("stopped").isLessThanOrEqualTo(relayedAtStop + 1);
    }
  }

  /**
   * Given a subscriber of the built-in camera and a client subscribed to nothing, when the
   * camera's video is paused for 2 s, then the subscriber is told PAUSED for the camera's track
   * and, about 2 s later, ACTIVE, while no frame goes out in between; the other client is told
   * nothing.
   */
  @Test
  void aPausedVideoIsAnnouncedPausedThenActive() throws Exception {
    Duration pause = Duration.ofSeconds(2);
    try (LoopbackLiveKitServer server = server().start();
        RawClient viewer = connected(server, "viewer");
        RawClient bystander = RawClient.connect(server, SECRET, "bystander", "demo",
            "auto_subscribe=0&protocol=16")) {
      ParticipantInfo publisher = bystander.next(MessageCase.JOIN, WAIT).getJoin()
          .getOtherParticipantsList().stream().filter(p -> p.getIdentity().equals("publisher"))
          .findFirst().orElseThrow();
      String video = publisher.getTracksList().stream()
          .filter(t -> t.getType() == TrackType.VIDEO).findFirst().orElseThrow().getSid();

      server.pauseVideo(pause);
      StreamStateInfo paused = viewer.next(MessageCase.STREAM_STATE_UPDATE, WAIT)
          .getStreamStateUpdate().getStreamStates(0);
      long pausedAt = System.nanoTime();
      long framesPaused = server.videoFramesPublished();
      StreamStateInfo active = viewer.next(MessageCase.STREAM_STATE_UPDATE, pause.plus(WAIT))
          .getStreamStateUpdate().getStreamStates(0);
      long activeAt = System.nanoTime();
      long framesActive = server.videoFramesPublished();

      assertThat(paused.getState()).isEqualTo(StreamState.PAUSED);
      assertThat(paused.getTrackSid()).isEqualTo(video);
      assertThat(paused.getParticipantSid()).isEqualTo(publisher.getSid());
      assertThat(active.getState()).isEqualTo(StreamState.ACTIVE);
      assertThat(active.getTrackSid()).isEqualTo(video);
      assertThat(Duration.ofNanos(activeAt - pausedAt)).as("PAUSED to ACTIVE")
          .isBetween(pause.minusMillis(300), pause.plusMillis(700));
      assertThat(framesActive - framesPaused).as("frames while paused").isLessThanOrEqualTo(3);
      await(() -> server.videoFramesPublished() > framesActive + 10, WAIT, "frames again");
      assertThat(bystander.kinds()).doesNotContain(MessageCase.STREAM_STATE_UPDATE);
    }
  }
}
