package dev.liverec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code record --overwrite} only ever replaces a regular file: given a FIFO, a character device
 * (made in a temp folder, like /dev/null), a Unix socket or a folder at the output path, the
 * command refuses with one line and exit code 2, and the thing is still there, unchanged.
 */
class OverwriteSafetyTest {
  @TempDir Path dir;

  private record Run(int exit, String err) {}

  private static Run record(Path output) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int exit = cli.execute("record", "--overwrite", "--duration", "1s", "--size", "320x240",
        "--fast", "--output", output.toString());
    return new Run(exit, err.toString());
  }

  @Test
  void aFifoIsRefusedAndLeftAlone() throws Exception {
    Path fifo = dir.resolve("fifo.mp4");
    Assumptions.assumeTrue(exec("mkfifo", fifo.toString()) == 0, "mkfifo is not available");

    assertRefusedAndUnchanged(fifo, "fifo");
  }

  @Test
  void aCharacterDeviceIsRefusedAndLeftAlone() throws Exception {
    Path device = dir.resolve("null.mp4");
    Assumptions.assumeTrue(exec("mknod", device.toString(), "c", "1", "3") == 0,
        "making a device node needs root (CAP_MKNOD)");

    assertRefusedAndUnchanged(device, "character special file");
  }

  @Test
  void aSocketIsRefusedAndLeftAlone() throws Exception {
    Path socket = dir.resolve("socket.mp4");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      assertRefusedAndUnchanged(socket, "socket");
    }
  }

  @Test
  void aFolderIsRefusedAndLeftAlone() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("folder.mp4"));
    Files.writeString(folder.resolve("inside.txt"), "keep");

    assertRefusedAndUnchanged(folder, "directory");
    assertThat(folder.resolve("inside.txt")).hasContent("keep");
  }

  private void assertRefusedAndUnchanged(Path target, String kind) throws Exception {
    String before = stat(target);
    assertThat(before).contains(kind);

    Run run = record(target);

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).hasSize(1);
    assertThat(run.err()).contains("not a regular file").contains("left alone");
    assertThat(stat(target)).isEqualTo(before);
  }

  /** Type, device numbers and inode, as {@code stat} shows them. */
  private static String stat(Path path) throws Exception {
    Process p = new ProcessBuilder("stat", "-c", "%F %t:%T %i", path.toString())
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return text;
  }

  private static int exec(String... command) throws Exception {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
