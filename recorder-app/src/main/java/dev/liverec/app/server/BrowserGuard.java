package dev.liverec.app.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps web pages the operator's browser opens from driving the API. Every POST must declare
 * {@code Content-Type: application/json} (which a page can only send after a CORS preflight this
 * server never grants). Without a bearer token, the {@code Host} header must name this server
 * (stops DNS rebinding) and an {@code Origin}, when present, must be a loopback or the bound
 * address. No CORS headers are ever sent.
 */
final class BrowserGuard {
  private final Set<String> hosts = new HashSet<>();
  private final boolean checkHosts;

  /**
   * @param bind the bound address
   * @param tokenSet true when a bearer token protects the API (browsers cannot add it on their own)
   */
  BrowserGuard(InetAddress bind, boolean tokenSet) {
    this.checkHosts = !tokenSet;
    hosts.add("localhost");
    hosts.add("127.0.0.1");
    hosts.add("[::1]");
    String own = bind.getHostAddress();
    hosts.add(own.contains(":") ? "[" + own + "]" : own);
  }

  /**
   * Passes a request a browser page could not have forged.
   *
   * @throws ApiException 403 for a foreign Host or Origin, 415 for a POST that is not JSON
   */
  void check(String method, @Nullable String host, @Nullable String origin,
      @Nullable String contentType) {
    if (checkHosts) {
      if (host == null || !hosts.contains(hostPart(host))) {
        throw new ApiException(403, "the Host header must name this server (127.0.0.1 or "
            + "localhost); requests for other names are refused");
      }
      if (origin != null && !hosts.contains(originHost(origin))) {
        throw new ApiException(403, "cross-origin requests are refused; call the API from "
            + "curl or a script, or set a token");
      }
    }
    if ("POST".equals(method) && !isJson(contentType)) {
      throw new ApiException(415, "send the body with 'Content-Type: application/json'");
    }
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/json");
  }

  private static String hostPart(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String originHost(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String host = uri.getHost();
      if (host == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return "";
      }
      return host.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return "";
    }
  }
}
