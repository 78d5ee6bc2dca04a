package dev.liverec;

import dev.liverec.engine.ConvertingEncoders;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.MetricsProvider;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.PictureConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts recordings. Build one per process and share it, as you would one HTTP client: it finds
 * the encoder, muxer and metrics providers once, owns the threads the recordings share and holds
 * the default settings every recording starts from.
 *
 * <pre>{@code
 * Recorder recorder = Recorder.builder()
 *     .defaults(RecorderConfig.builder().preset(Preset.FAST))   // optional
 *     .build();
 * RecorderConfig config = recorder.newConfig(Path.of("recordings/demo.mp4"))
 *     .maxDuration(Duration.ofHours(2))
 *     .build();
 * try (RecordingSession session = recorder.newRecording(config, source)) {
 *   session.start();
 *   ...
 *   RecordingResult result = session.stop();
 * }
 * recorder.close();                     // at shutdown: stops what still records
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every recording it started that is still running (each
 * bounded by its stop timeout) and frees the shared threads; a closed recorder refuses new
 * recordings.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);
  private static final AtomicInteger CLOSER_THREADS = new AtomicInteger();
  private static final long CLOSER_IDLE_SECONDS = 2;

  /** The encoder provider as set or found. */
  private final EncoderProvider encoderProvider;
  private final @Nullable PictureConverter converter;
  /** What sessions use: the provider, with the converter (if any) in front of its scalers. */
  private final EncoderProvider encoders;
  private final MuxerProvider muxers;
  private final List<MetricsProvider> metricsProviders;
  private final RecorderConfig.Builder defaults;
  /** Runs the sources' {@code close()}, which may hang; daemon threads, made as needed. */
  private final ExecutorService closers;
  private final Set<RecordingSession> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Recorder(Builder b) {
    this.encoderProvider = b.encoders != null ? b.encoders : Providers.encoder();
    this.converter = b.serviceLoaderConverter ? Providers.converter() : b.converter;
    this.encoders = ConvertingEncoders.with(encoderProvider, converter);
    this.muxers = b.muxers != null ? b.muxers : Providers.muxer();
    List<MetricsProvider> observers = new ArrayList<>(b.metricsProviders);
    if (b.serviceLoaderMetrics) {
      observers.addAll(Providers.metrics());
    }
    this.metricsProviders = List.copyOf(observers);
    this.defaults = b.defaults.copy();
    // As many threads as closes at once (a hanging close must not hold up the next), each
    // ending after 2 s idle: closes are rare, so an idle recorder holds no thread for long.
    this.closers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, CLOSER_IDLE_SECONDS,
        TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
          Thread t = new Thread(task, "liverec-source-close-" + CLOSER_THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * A recorder with the providers found on the class path (or module path) and the library's
   * default settings.
   *
   * @throws ProviderNotFoundException when no encoder or muxer provider is present
   */
  public static Recorder create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The recorder behind {@link RecordingSession#create}: built on first use with the providers on
   * the class path, never closed. For scripts and tests; an application builds its own.
   */
  static Recorder defaultRecorder() {
    return DefaultHolder.INSTANCE;
  }

  private static final class DefaultHolder {
    static final Recorder INSTANCE = create();
  }

  /** A builder holding this recorder's settings, to derive a variant. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.encoders = encoderProvider;
    b.converter = converter;
    b.serviceLoaderConverter = false;
    b.muxers = muxers;
    b.metricsProviders.addAll(metricsProviders);
    b.serviceLoaderMetrics = false;
    b.defaults = defaults.copy();
    return b;
  }

  /** Settings for one recording into {@code output}, starting from this recorder's defaults. */
  public RecorderConfig.Builder newConfig(Path output) {
    return defaults.copy().output(output);
  }

  /**
   * A new recording in state NEW; nothing is opened until {@link RecordingSession#start()}.
   *
   * @throws IllegalRecorderStateException when this recorder is closed
   */
  public RecordingSession newRecording(RecorderConfig config, FrameSource source) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(source, "source");
    if (closed.get()) {
      throw new IllegalRecorderStateException();
    }
    List<Metrics> observers = new ArrayList<>(metricsProviders.size());
    for (MetricsProvider provider : metricsProviders) {
      observers.add(provider.create(config.name()));
    }
    RecordingSession session =
        new RecordingSession(config, source, encoders, muxers, observers, closers);
    running.add(session);
    session.result().whenComplete((r, e) -> running.remove(session));
    return session;
  }

  /** The recordings made by this recorder that have not ended yet. */
  public List<RecordingSession> recordings() {
    return running.stream().filter(s -> !s.state().isFinal()).toList();
  }

  public EncoderProvider encoderProvider() {
    return encoderProvider;
  }

  /** The converter the scale stage asks first for packed RGB pictures, or null when none. */
  public @Nullable PictureConverter pictureConverter() {
    return converter;
  }

  public MuxerProvider muxerProvider() {
    return muxers;
  }

  /**
   * Stops every recording that still runs (in parallel, each bounded by its stop timeout),
   * then frees the shared threads. Later {@link #newRecording} calls throw. Never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<RecordingSession> open = List.copyOf(running);
    long waitMillis = 1000;
    List<CompletableFuture<Void>> stops = new ArrayList<>(open.size());
    for (RecordingSession session : open) {
      waitMillis = Math.max(waitMillis, session.config().stopTimeout().toMillis() + 1000);
      stops.add(CompletableFuture.runAsync(session::close, closers));
    }
    if (!open.isEmpty()) {
      log.info("closing: stopping {} recording(s)", open.size());
      awaitAll(stops, Duration.ofMillis(waitMillis));
    }
    closers.shutdown();
  }

  private static void awaitAll(List<CompletableFuture<Void>> stops, Duration budget) {
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("closing: recordings still stopping after {} ms; going on", budget.toMillis());
    } catch (ExecutionException e) {
      log.warn("closing: a recording failed to stop: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Recorder[encoder " + encoders.name()
        + (converter != null ? ", converter " + converter.name() : "") + ", muxer " + muxers.name() + ", "
        + metricsProviders.size() + " metrics provider(s), " + running.size() + " recording]";
  }

  /** Builds a {@link Recorder}. Every setting is optional. */
  public static final class Builder {
    private @Nullable EncoderProvider encoders;
    private @Nullable MuxerProvider muxers;
    private final List<MetricsProvider> metricsProviders = new ArrayList<>();
    private boolean serviceLoaderMetrics = true;
    private @Nullable PictureConverter converter;
    private boolean serviceLoaderConverter = true;
    private RecorderConfig.Builder defaults = RecorderConfig.builder();

    private Builder() {}

    /** Uses this encoder provider instead of the one found with ServiceLoader. */
    public Builder encoderProvider(EncoderProvider provider) {
      this.encoders = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Uses this muxer provider instead of the one found with ServiceLoader. */
    public Builder muxerProvider(MuxerProvider provider) {
      this.muxers = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Converts packed RGB pictures with {@code converter} instead of the one found with
     * ServiceLoader (if any); see {@link PictureConverter}.
     */
    public Builder pictureConverter(PictureConverter converter) {
      this.converter = Objects.requireNonNull(converter, "converter");
      this.serviceLoaderConverter = false;
      return this;
    }

    /**
     * Leaves every conversion to the encoder provider's scaler, even when a {@link
     * PictureConverter} is on the class path (to compare the two, or to rule one out).
     */
    public Builder noPictureConverter() {
      this.converter = null;
      this.serviceLoaderConverter = false;
      return this;
    }

    /**
     * Adds an observer made for each recording (with its name), besides the providers found with
     * ServiceLoader.
     */
    public Builder addMetrics(MetricsProvider provider) {
      this.metricsProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Whether to use the {@link MetricsProvider}s found with ServiceLoader. Default true. */
    public Builder serviceLoaderMetrics(boolean use) {
      this.serviceLoaderMetrics = use;
      return this;
    }

    /**
     * The settings every {@link Recorder#newConfig} starts from (a copy is taken now; its output,
     * if any, is ignored).
     */
    public Builder defaults(RecorderConfig.Builder settings) {
      this.defaults = Objects.requireNonNull(settings, "settings").copy();
      return this;
    }

    /** @throws ProviderNotFoundException when no encoder or muxer provider is set or present */
    public Recorder build() {
      return new Recorder(this);
    }
  }
}
