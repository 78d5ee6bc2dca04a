package dev.liverec.loopback;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A client's {@code /rtc} request after its token was accepted: who it is, what it may do and the
 * query parameters LiveKit's SDKs send ({@code auto_subscribe}, {@code protocol}, {@code
 * reconnect} and {@code sid} for a resume).
 */
record ConnectRequest(Tokens.Grant grant, String room, boolean autoSubscribe, int protocol,
    boolean reconnect, @Nullable String resumeSid, String sdk) {

  static ConnectRequest of(Tokens.Grant grant, Map<String, String> query) {
    String auto = query.getOrDefault("auto_subscribe", "1");
    int protocol;
    try {
      protocol = Integer.parseInt(query.getOrDefault("protocol", "0"));
    } catch (NumberFormatException e) {
      protocol = 0;
    }
    return new ConnectRequest(grant, grant.room(), !"0".equals(auto) && !"false".equals(auto),
        protocol, "1".equals(query.get("reconnect")) || "true".equals(query.get("reconnect")),
        query.get("sid"), query.getOrDefault("sdk", ""));
  }
}
