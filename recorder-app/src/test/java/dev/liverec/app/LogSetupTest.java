package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * liverec's logging is set up in code: events go to {@code <liverec.logs>/recording.log} (warnings
 * also to stderr), and a logback file given with {@code -Dlogback.configurationFile} wins. (The
 * rolling cap is {@code LogFloodTest}'s; a child's stderr-only logs, {@code WorkerIsolationTest}'s.)
 */
class LogSetupTest {
  @TempDir Path dir;
  private final LoggerContext context = new LoggerContext();

  LogSetupTest() {
    context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives its own
  }

  @AfterEach
  void clear() {
    context.stop();
    System.clearProperty("liverec.logs");
    System.clearProperty("logback.configurationFile");
  }

  @Test
  void eventsGoToRecordingLogUnderTheLogsFolder() throws Exception {
    System.setProperty("liverec.logs", dir.toString());
    LogSetup setup = new LogSetup();
    setup.setContext(context);

    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    context.start(); // as logback does once configured
    context.getLogger("dev.liverec.test").info("an info line");
    context.getLogger("org.eclipse.jetty.server").info("jetty chatter");
    context.getLogger(Logger.ROOT_LOGGER_NAME).warn("a warning");

    String log = Files.readString(dir.resolve("recording.log"));
    assertThat(log).contains("INFO ", "an info line", "WARN ", "a warning")
        .doesNotContain("jetty chatter");
  }

  @Test
  void aLogbackFileGivenOnTheCommandLineWins() {
    System.setProperty("logback.configurationFile", dir.resolve("mine.xml").toString());
    LogSetup setup = new LogSetup();
    setup.setContext(context);

    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .as("no appender of ours").isFalse();
  }
}
