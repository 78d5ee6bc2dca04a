package dev.liverec.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * liverec's logging, set up in code when logback starts (found by {@link java.util.ServiceLoader}),
 * so no process parses an XML file first: Joran and the XML parser were ~650 of the ~3,000 classes
 * a one-frame {@code record} loaded, paid again by every recording-part child of a worker.
 *
 * <ul>
 *   <li>By default: one line per event in {@code logs/recording.log} ({@code -Dliverec.logs=DIR}
 *       moves it), rolled over at {@code liverec.log.fileSize} (default 10MB) and daily, the
 *       rolled files kept under {@code liverec.log.totalCap} (default 90MB), so the folder stays
 *       under about 100 MB; warnings also to stderr, one line without the stack trace (the file
 *       has it). Jetty logs warnings only.
 *   <li>{@code -Dliverec.log.stderr=true} (a worker's {@code record-part} child): everything to
 *       stderr, one line per event, which the worker logs with the part's name; stdout carries the
 *       child's protocol only.
 *   <li>{@code -Dlogback.configurationFile=FILE}: this steps aside and logback reads that file.
 * </ul>
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The system property that sends everything to stderr (a worker's children). */
  static final String STDERR_ONLY = "liverec.log.stderr";

  private static final String FILE_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";
  /** One line per event: line breaks in the message become spaces. */
  private static final String ONE_LINE = "%-5level %logger{20} - %replace(%msg){'[\\r\\n]+', ' '}%n";
  /** {@link #ONE_LINE} without the stack trace (the log file has it). */
  private static final String ONE_LINE_NO_TRACE = ONE_LINE + "%nopex";

  /** For {@link java.util.ServiceLoader}. */
  public LogSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    if (Boolean.getBoolean(STDERR_ONLY)) {
      root.addAppender(stderr(context, ONE_LINE, null));
      return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
    root.addAppender(file(context, System.getProperty("liverec.logs", "logs")));
    root.addAppender(stderr(context, ONE_LINE_NO_TRACE, Level.WARN));
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, String dir) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(dir + "/recording.log");
    appender.setAppend(true);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(dir + "/recording.%d{yyyy-MM-dd}.%i.log");
    rolling.setMaxFileSize(FileSize.valueOf(System.getProperty("liverec.log.fileSize", "10MB")));
    rolling.setMaxHistory(30);
    rolling.setTotalSizeCap(FileSize.valueOf(System.getProperty("liverec.log.totalCap", "90MB")));
    rolling.setCleanHistoryOnStart(true);
    appender.setRollingPolicy(rolling);
    appender.setEncoder(encoder(context, FILE_PATTERN));
    rolling.start();
    appender.start();
    return appender;
  }

  private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String pattern,
      @Nullable Level threshold) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    if (threshold != null) {
      ThresholdFilter filter = new ThresholdFilter();
      filter.setLevel(threshold.levelStr);
      filter.start();
      appender.addFilter(filter);
    }
    appender.setEncoder(encoder(context, pattern));
    appender.start();
    return appender;
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
