package dev.liverec.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Duration;
import java.util.List;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.SubscriptionError;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.Ping;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import livekit.LivekitRtc.UpdateSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The double behaves like livekit-server where the old double was lenient, each checked with a
 * bare signalling client: every test here fails against a server that offers only after an
 * {@code UpdateSubscription}, replaces the subscription set, offers no data channels, names
 * streams with made-up participant sids, resumes by sid with a bare {@code ReconnectResponse},
 * never refreshes tokens or answers subscription errors, ignores publishers, or forwards only VP8.
 */
class LoopbackProtocolTest {
  private static final String KEY = "devkey";
  private static final String SECRET = "loopback-protocol-secret-0123456789ab";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static LoopbackOptions.Builder server() {
    return LoopbackLiveKitServer.builder().apiKey(KEY, SECRET).room("demo");
  }

  private static ParticipantInfo publisherIn(JoinResponse join) {
    return join.getOtherParticipantsList().stream()
        .filter(p -> p.getIdentity().equals("publisher")).findFirst().orElseThrow();
  }

  private static String trackSid(ParticipantInfo p, TrackType type) {
    return p.getTracksList().stream().filter(t -> t.getType() == type).map(TrackInfo::getSid)
        .findFirst().orElseThrow();
  }

  private static SignalRequest subscription(boolean subscribe, String... trackSids) {
    return SignalRequest.newBuilder().setSubscription(UpdateSubscription.newBuilder()
        .setSubscribe(subscribe).addAllTrackSids(List.of(trackSids))).build();
  }

  /**
   * Given a client that joins with auto_subscribe (the SDKs' default), then without asking for
   * anything its first subscriber offer carries the data channels and the publisher's tracks,
   * each in a stream named {@code <participant sid>|<track sid>} of the join response's sids.
   */
  @Test
  void aClientWithAutoSubscribeIsOfferedEveryTrackAndTheDataChannelsAtOnce() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = RawClient.connect(server, SECRET, "viewer", "demo", "protocol=16")) {
      JoinResponse join = client.next(MessageCase.JOIN, WAIT).getJoin();
      assertThat(join.getSubscriberPrimary()).isTrue();
      assertThat(join.getPingInterval()).isPositive();
      assertThat(join.getPingTimeout()).isPositive();
      ParticipantInfo publisher = publisherIn(join);
      assertThat(publisher.getSid()).startsWith("PA_");
      String video = trackSid(publisher, TrackType.VIDEO);
      String audio = trackSid(publisher, TrackType.AUDIO);

      SignalResponse offer = client.next(MessageCase.OFFER, WAIT);
      Sdp sdp = Sdp.parse(offer.getOffer().getSdp());
      assertThat(sdp.of("application")).as("the _reliable/_lossy data channels").hasSize(1);
      assertThat(sdp.of("video")).singleElement().satisfies(s -> {
        assertThat(s.sends()).isTrue();
        assertThat(s.attribute("msid")).hasValue(publisher.getSid() + "|" + video + " " + video);
      });
      assertThat(sdp.of("audio")).singleElement().satisfies(s ->
          assertThat(s.attribute("msid")).hasValue(publisher.getSid() + "|" + audio + " " + audio));
      assertThat(offer.getOffer().getMidToTrackIdMap()).containsValues(video, audio);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (client.dataChannels().size() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        Thread.sleep(10);
      }
      assertThat(client.dataChannels()).containsExactlyInAnyOrder("_reliable", "_lossy");
    }
  }

  /**
   * Given a client without auto_subscribe, when it subscribes to the video, then to the audio,
   * then unsubscribes the video, then each offer adds or removes exactly the named track: the
   * audio is not dropped when asked for alone, the video not when the audio is added.
   */
  @Test
  void updateSubscriptionAddsAndRemovesOnlyTheNamedTracks() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = RawClient.connect(server, SECRET, "picky", "demo",
            "auto_subscribe=0&protocol=16")) {
      ParticipantInfo publisher = publisherIn(client.next(MessageCase.JOIN, WAIT).getJoin());
      String video = trackSid(publisher, TrackType.VIDEO);
      String audio = trackSid(publisher, TrackType.AUDIO);
      Sdp first = Sdp.parse(client.next(MessageCase.OFFER, WAIT).getOffer().getSdp());
      assertThat(first.of("video")).as("nothing asked for, nothing offered").isEmpty();
      assertThat(first.of("application")).hasSize(1);

      client.send(subscription(true, video));
      Sdp second = Sdp.parse(client.next(MessageCase.OFFER, WAIT).getOffer().getSdp());
      assertThat(second.of("video")).singleElement().satisfies(s -> assertThat(s.sends()).isTrue());
      assertThat(second.of("audio")).isEmpty();

      client.send(subscription(true, audio));
      Sdp third = Sdp.parse(client.next(MessageCase.OFFER, WAIT).getOffer().getSdp());
      assertThat(third.of("video")).singleElement().satisfies(s -> assertThat(s.sends()).isTrue());
      assertThat(third.of("audio")).singleElement().satisfies(s -> assertThat(s.sends()).isTrue());

      client.send(subscription(false, video));
      Sdp fourth = Sdp.parse(client.next(MessageCase.OFFER, WAIT).getOffer().getSdp());
      assertThat(fourth.of("video")).singleElement().satisfies(s -> assertThat(s.sends()).isFalse());
      assertThat(fourth.of("audio")).singleElement().satisfies(s -> assertThat(s.sends()).isTrue());
    }
  }

  /**
   * Given a client whose signalling dropped, when it comes back with {@code reconnect=1} and a
   * sid the server never gave (SDKs may send a stale one), then the session is found by identity
   * and answered as livekit-server answers a resume: a ReconnectResponse, the participants, the
   * room, then an offer with new ICE credentials.
   */
  @Test
  void aResumeIsFoundByIdentityAndAnsweredWithAnIceRestart() throws Exception {
    try (LoopbackLiveKitServer server = server().start()) {
      String firstUfrag;
      try (RawClient first = RawClient.connect(server, SECRET, "roamer", "demo", "protocol=16")) {
        first.next(MessageCase.JOIN, WAIT);
        firstUfrag = Sdp.parse(first.next(MessageCase.OFFER, WAIT).getOffer().getSdp()).iceUfrag();
        first.cut();
      }
      try (RawClient again = RawClient.connect(server, SECRET, "roamer", "demo",
          "protocol=16&reconnect=1&sid=PA_notTheRealSid")) {
        again.next(MessageCase.RECONNECT, WAIT);
        again.next(MessageCase.UPDATE, WAIT);
        again.next(MessageCase.ROOM_UPDATE, WAIT);
        String restarted =
            Sdp.parse(again.next(MessageCase.OFFER, WAIT).getOffer().getSdp()).iceUfrag();
        List<MessageCase> kinds = again.kinds();
        assertThat(kinds).doesNotContain(MessageCase.JOIN, MessageCase.LEAVE);
        assertThat(kinds.indexOf(MessageCase.RECONNECT)).isLessThan(kinds.indexOf(MessageCase.UPDATE));
        assertThat(kinds.indexOf(MessageCase.ROOM_UPDATE)).isLessThan(kinds.indexOf(MessageCase.OFFER));
        assertThat(restarted).as("ICE restarted").isNotEqualTo(firstUfrag);
        assertThat(server.resumes()).isEqualTo(1);
      }
    }
  }

  /** Given a joined client, then it gets a fresh token at once and again every interval. */
  @Test
  void aFreshTokenComesAtJoinAndEveryInterval() throws Exception {
    try (LoopbackLiveKitServer server = server()
            .tokenRefresh(Duration.ofMillis(300), Duration.ofMinutes(10)).start();
        RawClient client = RawClient.connect(server, SECRET, "long-stay", "demo", "protocol=16")) {
      client.next(MessageCase.JOIN, WAIT);
      String first = client.next(MessageCase.REFRESH_TOKEN, Duration.ofSeconds(1)).getRefreshToken();
      client.next(MessageCase.REFRESH_TOKEN, Duration.ofSeconds(2));
      DecodedJWT jwt = JWT.require(Algorithm.HMAC256(SECRET)).withIssuer(KEY).build().verify(first);
      assertThat(jwt.getSubject()).isEqualTo("long-stay");
      assertThat(jwt.getClaim("video").asMap()).containsEntry("room", "demo");
    }
  }

  /**
   * Given a client, when it subscribes to a track that does not exist, or to one the server
   * refuses, then each is answered with a subscription_response error naming the track.
   */
  @Test
  void subscriptionsThatCannotBeServedAreAnsweredWithAnError() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = RawClient.connect(server, SECRET, "unlucky", "demo",
            "auto_subscribe=0&protocol=16")) {
      String video = trackSid(publisherIn(client.next(MessageCase.JOIN, WAIT).getJoin()),
          TrackType.VIDEO);
      client.send(subscription(true, "TR_doesNotExist"));
      var missing = client.next(MessageCase.SUBSCRIPTION_RESPONSE, WAIT).getSubscriptionResponse();
      assertThat(missing.getTrackSid()).isEqualTo("TR_doesNotExist");
      assertThat(missing.getErr()).isEqualTo(SubscriptionError.SE_TRACK_NOTFOUND);

      server.faults().refuseSubscriptions(video);
      client.send(subscription(true, video));
      var refused = client.next(MessageCase.SUBSCRIPTION_RESPONSE, WAIT).getSubscriptionResponse();
      assertThat(refused.getTrackSid()).isEqualTo(video);
    }
  }

  /**
   * Given a joined client, when the server sends leave with an action, then the client gets that
   * action, and the server acts on it: after RESUME the session can be resumed, after RECONNECT
   * or DISCONNECT it is gone and coming back is a fresh join.
   */
  @ParameterizedTest
  @EnumSource(value = LeaveRequest.Action.class, names = {"RESUME", "RECONNECT", "DISCONNECT"})
  void leaveCarriesItsActionAndTheServerKeepsToIt(LeaveRequest.Action action) throws Exception {
    try (LoopbackLiveKitServer server = server().start()) {
      try (RawClient client = RawClient.connect(server, SECRET, "told", "demo", "protocol=16")) {
        client.next(MessageCase.JOIN, WAIT);
        server.faults().sendLeave("told", action);
        assertThat(client.next(MessageCase.LEAVE, WAIT).getLeave().getAction()).isEqualTo(action);
      }
      try (RawClient back = RawClient.connect(server, SECRET, "told", "demo",
          "protocol=16&reconnect=1")) {
        MessageCase expected = action == LeaveRequest.Action.RESUME
            ? MessageCase.RECONNECT : MessageCase.JOIN;
        back.next(expected, WAIT);
      }
    }
  }

  /** Both keepalives are answered: ping with pong, ping_req with pong_resp. */
  @Test
  void bothKindsOfPingAreAnswered() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = RawClient.connect(server, SECRET, "pinger", "demo", "protocol=16")) {
      client.next(MessageCase.JOIN, WAIT);
      client.send(SignalRequest.newBuilder().setPing(4242).build());
      client.send(SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(777)).build());
      assertThat(client.next(MessageCase.PONG, WAIT).getPong()).isEqualTo(4242);
      assertThat(client.next(MessageCase.PONG_RESP, WAIT).getPongResp().getLastPingTimestamp())
          .isEqualTo(777);
    }
  }

  /**
   * The HTTP surface: /rtc/v1 is not found (SDKs fall back to /rtc), validate answers for a good
   * token, 401 for a bad one, and a room that does not exist is 404 unless rooms are created on
   * join.
   */
  @Test
  void theHttpEndpointsAnswerAsLiveKitDoes() throws Exception {
    String demo = RawClient.token(KEY, SECRET, "someone", "demo");
    String other = RawClient.token(KEY, SECRET, "someone", "elsewhere");
    try (LoopbackLiveKitServer server = server().autoCreateRooms(false).start()) {
      assertThat(RawClient.status(server, "/rtc/v1", demo)).isEqualTo(404);
      assertThat(RawClient.status(server, "/rtc/v1/validate", demo)).isEqualTo(404);
      assertThat(RawClient.status(server, "/rtc/validate", demo)).isEqualTo(200);
      assertThat(RawClient.status(server, "/rtc/validate", "not-a-token")).isEqualTo(401);
      assertThat(RawClient.status(server, "/rtc/validate", other)).isEqualTo(404);
    }
    try (LoopbackLiveKitServer server = server().autoCreateRooms(true).start();
        RawClient client = RawClient.connect(server, SECRET, "first", "elsewhere", "protocol=16")) {
      assertThat(RawClient.status(server, "/rtc/validate", other)).isEqualTo(200);
      JoinResponse join = client.next(MessageCase.JOIN, WAIT).getJoin();
      assertThat(join.getRoom().getName()).isEqualTo("elsewhere");
      assertThat(join.getOtherParticipantsList()).as("a new, empty room").isEmpty();
    }
  }

  /** A client announcing a track gets its sid at once, under the cid it chose. */
  @Test
  void aPublishingClientIsToldItsTrackSid() throws Exception {
    try (LoopbackLiveKitServer server = server().start();
        RawClient client = RawClient.connect(server, SECRET, "presenter", "demo", "protocol=16")) {
      client.next(MessageCase.JOIN, WAIT);
      client.send(SignalRequest.newBuilder().setAddTrack(AddTrackRequest.newBuilder()
          .setCid("my-camera").setName("camera").setType(TrackType.VIDEO)
          .setSource(TrackSource.CAMERA).setWidth(1280).setHeight(720)).build());
      var published = client.next(MessageCase.TRACK_PUBLISHED, WAIT).getTrackPublished();
      assertThat(published.getCid()).isEqualTo("my-camera");
      assertThat(published.getTrack().getSid()).startsWith("TR_");
      assertThat(published.getTrack().getWidth()).isEqualTo(1280);
    }
  }

  /** The built-in publisher's codec is what subscribers are offered first. */
  @ParameterizedTest
  @EnumSource(LoopbackOptions.Codec.class)
  void subscribersAreOfferedThePublishersCodecFirst(LoopbackOptions.Codec codec) throws Exception {
    try (LoopbackLiveKitServer server = server().codec(codec).start();
        RawClient client = RawClient.connect(server, SECRET, "viewer", "demo", "protocol=16")) {
      ParticipantInfo publisher = publisherIn(client.next(MessageCase.JOIN, WAIT).getJoin());
      assertThat(publisher.getTracksList()).anySatisfy(t ->
          assertThat(t.getMimeType()).isEqualTo(codec.mime()));
      Sdp offer = Sdp.parse(client.next(MessageCase.OFFER, WAIT).getOffer().getSdp());
      assertThat(offer.of("video")).singleElement()
          .satisfies(s -> assertThat(s.firstCodec()).isEqualToIgnoringCase(codec.name()));
    }
  }
}
