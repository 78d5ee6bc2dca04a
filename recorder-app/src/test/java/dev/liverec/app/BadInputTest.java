package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordinary input mistake the issue lists, run through the real {@code main} (without its
 * {@code System.exit}): one line on stderr saying what is wrong and what to do, the documented exit
 * code, no stack trace, and nothing written.
 */
class BadInputTest {
  private static Path dir;
  private static ServerSocket taken;

  @BeforeAll
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("liverec-bad-input");
    Files.writeString(dir.resolve("taken.mp4"), "keep me");
    Files.createDirectories(dir.resolve("folder.mp4"));
    taken = new ServerSocket(0); // every address, so no bind to this port can succeed
  }

  @AfterAll
  static void tearDown() throws Exception {
    taken.close();
  }

  private record Run(int exit, String err) {}

  private static Run main(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  private static String out(String name) {
    return dir.resolve(name).toString();
  }

  static Stream<Arguments> mistakes() {
    List<Arguments> table = new ArrayList<>();
    String ok = out("never.mp4");
    // record: values out of their bounds
    table.add(Arguments.of(2, "zero", new String[] {"record", "--duration", "0s", "--output", ok}));
    table.add(Arguments.of(2, "maximum", new String[] {"record", "--duration", "25h", "--output", ok}));
    table.add(Arguments.of(2, "16..8192", new String[] {"record", "--size", "0x0", "--output", ok}));
    table.add(Arguments.of(2, "1x1 is out of range", new String[] {"record", "--size", "1x1", "--output", ok}));
    table.add(Arguments.of(2, "16..8192", new String[] {"record", "--size", "99999x99999", "--output", ok}));
    table.add(Arguments.of(2, "16..8192", new String[] {"record", "--size", "-640x360", "--output", ok}));
    table.add(Arguments.of(2, "use 640x360", new String[] {"record", "--size", "641x361", "--output", ok}));
    table.add(Arguments.of(2, "1..240", new String[] {"record", "--fps", "0", "--output", ok}));
    table.add(Arguments.of(2, "1..240", new String[] {"record", "--fps", "1000", "--output", ok}));
    table.add(Arguments.of(2, "1..240", new String[] {"record", "--fps", "-1", "--output", ok}));
    table.add(Arguments.of(2, "veryfast", new String[] {"record", "--preset", "bogus", "--output", ok}));
    // record: outputs that cannot or must not be written
    table.add(Arguments.of(3, "not writable", new String[] {"record", "--duration", "1s", "--output", "/proc/x.mp4"}));
    table.add(Arguments.of(2, "is a folder", new String[] {"record", "--output", out("folder.mp4")}));
    table.add(Arguments.of(2, "--overwrite", new String[] {"record", "--output", out("taken.mp4")}));
    table.add(Arguments.of(2, "is empty", new String[] {"record", "--output", ""}));
    // serve
    table.add(Arguments.of(3, "port is in use", new String[] {"serve", "--port",
        String.valueOf(taken.getLocalPort()), "--recordings", out("rec")}));
    table.add(Arguments.of(2, "not a folder", new String[] {"serve", "--port", "0",
        "--recordings", "/etc/passwd"}));
    table.add(Arguments.of(2, "16..8192", new String[] {"serve", "--port", "0", "--size", "0x0",
        "--recordings", out("rec")}));
    table.add(Arguments.of(2, "1..240", new String[] {"serve", "--port", "0", "--fps", "0",
        "--recordings", out("rec")}));
    table.add(Arguments.of(2, "cannot be read", new String[] {"serve", "--port", "0",
        "--token-file", out("no-such-token"), "--recordings", out("rec")}));
    // serve --cluster: webhooks are signed there too, and the claim idle time has a floor
    table.add(Arguments.of(2, "--webhook-url needs --webhook-secret-file", new String[] {"serve",
        "--port", "0", "--cluster", "redis://127.0.0.1:1", "--webhook-url", "http://127.0.0.1:9/h"}));
    table.add(Arguments.of(2, "at least 100 ms", new String[] {"serve", "--port", "0",
        "--cluster", "redis://127.0.0.1:1", "--webhook-claim-idle", "10ms"}));
    // worker: a source without what it needs, an isolation it does not know
    table.add(Arguments.of(2, "--source url needs --url-template", new String[] {"worker",
        "--cluster", "redis://127.0.0.1:1", "--storage", "s3://bucket/prefix", "--source", "url"}));
    table.add(Arguments.of(2, "process, none", new String[] {"worker", "--cluster",
        "redis://127.0.0.1:1", "--storage", "s3://bucket/prefix", "--isolation", "threads"}));
    return table.stream();
  }

  @ParameterizedTest(name = "{index}: exit {0}, says \"{1}\"")
  @MethodSource("mistakes")
  void aMistakeGetsOneLineAndItsExitCode(int exit, String says, String[] args) throws Exception {
    Run run = main(args);

    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("stderr").hasSize(1);
    assertThat(lines.get(0)).startsWith("liverec " + args[0] + ": ").contains(says);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Caused by");
    assertThat(dir.resolve("never.mp4")).doesNotExist();
    assertThat(dir.resolve("rec")).doesNotExist();
    assertThat(dir.resolve("taken.mp4")).hasContent("keep me");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Run run = main("record", "--verbose", "--duration", "1s", "--output", "/proc/x.mp4");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("liverec record: ");
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void theTokenComesFromAFileNotTheCommandLine() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "a-token-from-a-file-0123456789\n");

    // Without a token, binding beyond loopback is a usage error; with the file's token it gets as
    // far as the port, which is taken.
    Run without = main("serve", "--bind", "0.0.0.0", "--port",
        String.valueOf(taken.getLocalPort()), "--recordings", out("rec2"));
    Run with = main("serve", "--bind", "0.0.0.0", "--port",
        String.valueOf(taken.getLocalPort()), "--token-file", file.toString(),
        "--recordings", out("rec2"));

    assertThat(without.exit()).isEqualTo(2);
    assertThat(without.err()).contains("token");
    assertThat(with.exit()).as(with.err()).isEqualTo(3);
    assertThat(with.err()).contains("port is in use");
    assertThat(with.err()).doesNotContain("a-token-from-a-file");
  }
}
