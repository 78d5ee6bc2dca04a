package dev.liverec.livekit;

import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.Hidden;
import io.livekit.server.Recorder;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import java.util.Objects;

/** The token for the next connection: the ready one, or a freshly minted subscribe-only one. */
final class Tokens {
  private final LiveKitSourceConfig config;
  private volatile String refreshed = "";

  Tokens(LiveKitSourceConfig config) {
    this.config = config;
  }

  /** Remembers a token the server sent to use on reconnects ({@code refresh_token}). */
  void refresh(String token) {
    if (!token.isBlank()) {
      refreshed = token;
    }
  }

  String next() {
    if (!refreshed.isEmpty()) {
      return refreshed;
    }
    String ready = config.token();
    if (ready != null) {
      return ready;
    }
    return mint(config);
  }

  /** A hidden recorder's token: may join the room and subscribe, may not publish anything. */
  static String mint(LiveKitSourceConfig config) {
    AccessToken token = new AccessToken(
        Objects.requireNonNull(config.apiKey(), "apiKey"),
        Objects.requireNonNull(config.apiSecret(), "apiSecret"));
    token.setIdentity(config.identity());
    token.setName("liverec recorder");
    token.setTtl(config.tokenTtl().toMillis());
    token.addGrants(
        new RoomJoin(true),
        new RoomName(Objects.requireNonNull(config.room(), "room")),
        new CanSubscribe(true),
        new CanPublish(false),
        new CanPublishData(false),
        new Hidden(true));
    if (config.recorderGrant()) {
      token.addGrants(new Recorder(true));
    }
    return token.toJwt();
  }
}
