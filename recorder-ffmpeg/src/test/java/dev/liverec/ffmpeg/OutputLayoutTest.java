package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.FileLayout;
import dev.liverec.testkit.Scenario;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three file layouts a clean stop can leave: by default fragments with a global index up
 * front (a browser streaming the file finds every fragment at once); fragments indexed only at
 * the end; or a regular MP4 rewritten at stop.
 */
class OutputLayoutTest {
  @TempDir Path dir;

  private static final Scenario THREE_SECONDS = Scenario.builder().size(320, 240)
      .play(Duration.ofSeconds(3)).build();

  @Test
  void byDefaultTheFragmentsAreIndexedRightAfterTheHeader() throws IOException {
    Path out = dir.resolve("indexed.mp4");
    ScenarioRecording.record(THREE_SECONDS, out);

    assertThat(topLevelBoxes(out)).as("an index per track, right before the first fragment")
        .startsWith("ftyp", "moov", "free", "sidx", "sidx", "moof").endsWith("mfra");
    try (FileChannel file = FileChannel.open(out)) {
      List<Mp4Box> boxes = Mp4Box.topLevel(file);
      Mp4Box sidx = boxes.get(3);
      ByteBuffer index = sidx.read(file);
      int timescale = index.getInt(16);
      long firstOffset = index.getLong(28);
      int references = Short.toUnsignedInt(index.getShort(38));
      long bytes = 0;
      long duration = 0;
      for (int i = 0; i < references; i++) {
        bytes += index.getInt(40 + 12 * i) & 0x7FFF_FFFF;
        duration += Integer.toUnsignedLong(index.getInt(44 + 12 * i));
      }
      Mp4Box firstMoof = boxes.get(5);
      Mp4Box mfra = boxes.get(boxes.size() - 1);
      assertThat(sidx.end() + firstOffset).as("first reference is the first fragment")
          .isEqualTo(firstMoof.offset());
      assertThat(bytes).as("references cover every fragment").isEqualTo(mfra.offset()
          - firstMoof.offset());
      assertThat(references).as("one per ~1 s fragment").isBetween(3, 4);
      assertThat(duration / (double) timescale).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.05));
    }
    assertThatRecording(out).decodesWithoutErrors().hasVideoFrames(90)
        .hasDurationCloseTo(Duration.ofSeconds(3), Duration.ofMillis(50));
  }

  @Test
  void fragmentsAloneKeepTheirRandomAccessIndexAtTheEnd() throws IOException {
    Path out = dir.resolve("fragmented.mp4");
    ScenarioRecording.record(THREE_SECONDS, out, b -> b.layout(FileLayout.FRAGMENTS));
    assertThat(topLevelBoxes(out)).startsWith("ftyp", "moov", "moof").endsWith("mfra")
        .doesNotContain("sidx");
    assertThatRecording(out).decodesWithoutErrors().hasVideoFrames(90);
  }

  @Test
  void onRequestACleanStopLeavesARegularMp4() throws IOException {
    Path out = dir.resolve("regular.mp4");
    ScenarioRecording.record(THREE_SECONDS, out, b -> b.layout(FileLayout.REGULAR));
    List<String> boxes = topLevelBoxes(out);
    assertThat(boxes).doesNotContain("moof").contains("moov", "mdat");
    assertThatRecording(out).decodesWithoutErrors().hasVideoFrames(90);
  }

  private static List<String> topLevelBoxes(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      return Mp4Box.topLevel(channel).stream().map(Mp4Box::type).toList();
    }
  }
}
