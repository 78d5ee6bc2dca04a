package dev.liverec.spi;

import dev.liverec.LiverecException;
import java.util.ServiceLoader;

/**
 * Makes {@link FrameSource}s from an address such as {@code rtmp://host/live/key} or a file
 * path. Found with {@link ServiceLoader}, so a host app can record any address a provider on its
 * classpath accepts without depending on that provider; the first provider that accepts the
 * address opens it.
 */
public interface FrameSourceProvider {
  String name();

  /** Whether this provider can open {@code address}; it must not connect to find out. */
  boolean accepts(String address);

  /**
   * A source for {@code address}, not started yet.
   *
   * @throws LiverecException when the address is malformed
   */
  FrameSource open(String address);

  /**
   * Opens {@code address} with the first provider on the classpath that accepts it.
   *
   * @throws LiverecException when no provider accepts it, or the one that does rejects it
   */
  static FrameSource openAddress(String address) {
    for (FrameSourceProvider provider : ServiceLoader.load(FrameSourceProvider.class)) {
      if (provider.accepts(address)) {
        return provider.open(address);
      }
    }
    throw new LiverecException("no frame source provider on the classpath accepts '"
        + address.replaceAll("[?#].*", "") + "': add dev.liverec:recorder-ffmpeg for URLs "
        + "and files");
  }
}
