package dev.liverec.app.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The live status page's files, read once from the app's resources ({@code /web}): plain HTML and
 * JS, no build step, nothing loaded from elsewhere. {@code GET /} is the page,
 * {@code GET /static/status.js} its script.
 */
final class StatusPage {
  /** A file the page is made of. */
  record Asset(String contentType, byte[] bytes) {}

  /** What a browser gets instead of the page without the token: it asks for it, then retries. */
  static final byte[] REFUSED = ("<!doctype html><title>liverec: token needed</title>"
      + "<p>This liverec server needs its token. Your browser asks for it: give any user name and "
      + "the token as the password.</p>").getBytes(StandardCharsets.UTF_8);

  private final Map<String, Asset> assets;

  StatusPage() {
    assets = Map.of(
        "/", load("index.html", "text/html; charset=utf-8"),
        "/static/status.js", load("status.js", "text/javascript; charset=utf-8"));
  }

  /** The file at this path, or null when the page has none there. */
  @Nullable Asset asset(String path) {
    return assets.get(path);
  }

  private static Asset load(String name, String type) {
    try (InputStream in = StatusPage.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the status page's " + name + " is missing from the jar");
      }
      return new Asset(type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
