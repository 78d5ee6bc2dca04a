package dev.liverec.app.server;

import dev.liverec.LiverecException;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.FrameSourceProvider;
import java.util.Locale;

/**
 * Recordings of any stream FFmpeg opens: each mint_id is put into an address template, and the
 * address goes to the {@link FrameSourceProvider} that accepts it ({@code recorder-ffmpeg}'s
 * {@code FfmpegFrameSource}), the way {@code record --source url:} opens one. For example
 * {@code rtsp://camera.local/{mint_id}}, {@code https://cdn.example/{mint_id}/index.m3u8} or
 * {@code /archive/{mint_id}.mkv}. A template with no {@code {mint_id}} records the same stream
 * for every id (one camera). A listening address ({@code rtmp://...?listen}) binds its port for
 * one recording at a time.
 */
public final class UrlSourceFactory implements SourceFactory {
  /** Where the mint_id goes in the template. */
  static final String PLACEHOLDER = "{mint_id}";

  private final String template;

  private UrlSourceFactory(String template) {
    this.template = template;
  }

  /**
   * @throws IllegalArgumentException for an empty template
   */
  public static UrlSourceFactory of(String template) {
    if (template.isBlank()) {
      throw new IllegalArgumentException("--url-template is empty: give an address with "
          + PLACEHOLDER + " where the mint_id goes, e.g. rtsp://camera.local/" + PLACEHOLDER);
    }
    return new UrlSourceFactory(template.strip());
  }

  /** The address recorded for {@code id}. */
  String address(MintId id) {
    return template.replace(PLACEHOLDER, id.value());
  }

  /**
   * @throws ApiException 404 when no stream can be opened at the id's address (no such file, an
   *     address no provider takes), with the provider's reason
   */
  @Override
  public FrameSource create(MintId mintId) {
    try {
      return FrameSourceProvider.openAddress(address(mintId));
    } catch (LiverecException e) {
      throw ApiException.notFound("no stream for mint_id " + mintId + ": " + e.getMessage());
    }
  }

  /** The template's kind of address only: it may hold credentials or stream keys. */
  @Override
  public String describe() {
    int scheme = template.indexOf("://");
    String kind = scheme > 0 ? template.substring(0, scheme).toLowerCase(Locale.ROOT) : "file";
    return "streams FFmpeg opens (" + kind + " addresses from --url-template)";
  }
}
