package dev.liverec;

import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.MetricsProvider;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.PictureConverter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Finds providers with {@link ServiceLoader}, the highest priority first; used once per {@link Recorder}. */
final class Providers {
  private Providers() {}

  static EncoderProvider encoder() {
    return ServiceLoader.load(EncoderProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .max(Comparator.comparingInt(EncoderProvider::priority))
        .orElseThrow(() -> new ProviderNotFoundException("encoder"));
  }

  static MuxerProvider muxer() {
    return ServiceLoader.load(MuxerProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .max(Comparator.comparingInt(MuxerProvider::priority))
        .orElseThrow(() -> new ProviderNotFoundException("muxer"));
  }

  static List<MetricsProvider> metrics() {
    List<MetricsProvider> found = new ArrayList<>();
    for (MetricsProvider provider : ServiceLoader.load(MetricsProvider.class)) {
      found.add(provider);
    }
    return found;
  }

  /** The packed-RGB converter of the highest priority, or null when none is present (optional). */
  static @Nullable PictureConverter converter() {
    return ServiceLoader.load(PictureConverter.class).stream()
        .map(ServiceLoader.Provider::get)
        .max(Comparator.comparingInt(PictureConverter::priority))
        .orElse(null);
  }
}
