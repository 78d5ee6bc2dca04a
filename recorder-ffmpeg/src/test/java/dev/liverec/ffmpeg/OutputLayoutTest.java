package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Scenario;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two file layouts: by default a fragmented MP4 whose memory use does not grow with duration
 * (index for seeking at the end), and on request a regular MP4 rewritten at stop.
 */
class OutputLayoutTest {
  @TempDir Path dir;

  private static final Scenario THREE_SECONDS = Scenario.builder().size(320, 240)
      .play(Duration.ofSeconds(3)).build();

  @Test
  void byDefaultTheFileIsFragmentedWithARandomAccessIndexAtTheEnd() throws IOException {
    Path out = dir.resolve("fragmented.mp4");
    Recorder.record(THREE_SECONDS, out);
    List<String> boxes = topLevelBoxes(out);
    assertThat(boxes).startsWith("ftyp", "moov").contains("moof").endsWith("mfra");
    assertThatRecording(out).decodesWithoutErrors().hasVideoFrames(90);
  }

  @Test
  void onRequestACleanStopLeavesARegularMp4() throws IOException {
    Path out = dir.resolve("regular.mp4");
    Recorder.record(THREE_SECONDS, out, b -> b.regularMp4AtStop(true));
    List<String> boxes = topLevelBoxes(out);
    assertThat(boxes).doesNotContain("moof").contains("moov", "mdat");
    assertThatRecording(out).decodesWithoutErrors().hasVideoFrames(90);
  }

  private static List<String> topLevelBoxes(Path file) throws IOException {
    List<String> boxes = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (position < channel.size()) {
        header.clear();
        channel.read(header, position);
        long size = Integer.toUnsignedLong(header.getInt(0));
        boxes.add(new String(new byte[] {header.get(4), header.get(5), header.get(6),
            header.get(7)}, java.nio.charset.StandardCharsets.US_ASCII));
        if (size == 1) {
          size = header.getLong(8);
        }
        if (size < 8) {
          break;
        }
        position += size;
      }
    }
    return boxes;
  }
}
