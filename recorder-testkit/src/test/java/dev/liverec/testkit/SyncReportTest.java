package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncReportTest {

  @Test
  void pairsEachFlashWithTheNearestBeepWithinHalfASecond() {
    SyncReport sync = SyncReport.pair(List.of(1.0, 2.0, 3.0, 4.0), List.of(1.01, 1.9, 2.02, 3.7));

    assertThat(sync.pairCount()).isEqualTo(3); // 4.0 has no beep within 0.5 s
    assertThat(sync.offsetsMillis())
        .satisfiesExactly(
            o -> assertThat(o).isCloseTo(10, within(1e-6)),
            o -> assertThat(o).isCloseTo(20, within(1e-6)),
            o -> assertThat(o).isCloseTo(-300, within(1e-6)));
    assertThat(sync.maxAbsOffsetMillis()).isCloseTo(300, within(1e-6));
    assertThat(sync.meanAbsOffsetMillis()).isCloseTo(110, within(1e-6));
  }

  @Test
  void withoutPairsOffsetsAreZero() {
    SyncReport sync = SyncReport.pair(List.of(1.0), List.of());

    assertThat(sync.pairCount()).isZero();
    assertThat(sync.maxAbsOffsetMillis()).isZero();
    assertThat(sync.meanAbsOffsetMillis()).isZero();
  }
}
