package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MintIdTest {
  @ParameterizedTest
  @ValueSource(strings = {"test_mint_123", "a", "A-b_C-9", "----", "___"})
  void acceptsSafeNames(String id) {
    assertThat(MintId.parse(id).value()).isEqualTo(id);
  }

  @Test
  void acceptsExactlyTheMaximumLength() {
    assertThat(MintId.parse("x".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> MintId.parse("x".repeat(129)))
        .isInstanceOf(InvalidMintIdException.class).hasMessageContaining("129 characters");
  }

  @Test
  void namesTheFirstUnsafeCharacterWithoutEchoingTheId() {
    assertThatThrownBy(() -> MintId.parse("ab\u0000cd"))
        .isInstanceOf(InvalidMintIdException.class)
        .hasMessageContaining("character 3 is U+0000")
        .hasMessageNotContaining("ab");
    assertThatThrownBy(() -> MintId.parse(null)).hasMessage("mint_id is required");
    assertThatThrownBy(() -> MintId.parse("")).hasMessage("mint_id must not be empty");
  }

  @Test
  void filesAreNamedWithTheIdAndAUtcTimestampInsideTheFolder(@TempDir Path dir) {
    Clock fixed = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    RecordingFiles files = new RecordingFiles(dir.resolve("recordings"), fixed);
    Path first = files.newOutput(MintId.parse("test_basic"));
    assertThat(first.getFileName().toString()).isEqualTo("test_basic_20250304T050607Z.mp4");
    assertThat(first.getParent()).isEqualTo(files.folder());
  }
}
