package dev.liverec.livekit;

import java.net.URI;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** LiveKit's signalling endpoints for a server URL (v0, dual peer connection: {@code /rtc}). */
final class SignalUrls {
  /** Protocol 16: the subscriber connection is primary and existing tracks are sent at once. */
  static final int PROTOCOL = 16;
  static final String SDK = "java";
  static final String VERSION = "0.1.0";

  private SignalUrls() {}

  /**
   * The WebSocket URL (as http/https, which OkHttp upgrades). The token is not in it: it travels
   * in the Authorization header, so the URL is safe to log.
   */
  static HttpUrl rtc(URI server, @Nullable String resumeSid) {
    HttpUrl.Builder b = endpoint(server, "rtc")
        .addQueryParameter("auto_subscribe", "0")
        .addQueryParameter("adaptive_stream", "0")
        .addQueryParameter("sdk", SDK)
        .addQueryParameter("version", VERSION)
        .addQueryParameter("protocol", Integer.toString(PROTOCOL));
    if (resumeSid != null) {
      b.addQueryParameter("reconnect", "1").addQueryParameter("sid", resumeSid);
    }
    return b.build();
  }

  private static HttpUrl.Builder endpoint(URI server, String path) {
    String text = server.toString();
    if (text.regionMatches(true, 0, "ws", 0, 2)) {
      text = "http" + text.substring(2);
    }
    HttpUrl base = HttpUrl.parse(text);
    if (base == null) {
      throw new IllegalArgumentException("not a usable LiveKit URL: " + server);
    }
    String prefix = base.encodedPath().endsWith("/") ? base.encodedPath() : base.encodedPath() + "/";
    return base.newBuilder().encodedPath(prefix + path).query(null);
  }
}
