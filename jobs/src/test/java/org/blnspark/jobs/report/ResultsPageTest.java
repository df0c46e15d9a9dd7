package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;

class ResultsPageTest {
  private static final String PAGE = "# Results\n\nProse before.\n\n"
      + ResultsPage.beginMarker("fmnist-b25") + "\nold b25 table\n" + ResultsPage.endMarker("fmnist-b25") + "\n\n"
      + "Prose between.\n\n"
      + ResultsPage.beginMarker("fmnist-b1") + "\nold b1 table\n" + ResultsPage.endMarker("fmnist-b1") + "\n\nEnd.\n";

  @Test
  void includingReplacesOnlyTheNamedSweepsBlock() {
    String page = ResultsPage.including(PAGE, "fmnist-b1", "| new | b1 |\n");

    assertThat(ResultsPage.includedTables(page))
        .containsExactly(Map.entry("fmnist-b25", "old b25 table\n"), Map.entry("fmnist-b1", "| new | b1 |\n"));
    assertThat(page).startsWith("# Results\n\nProse before.\n\n").contains("\n\nProse between.\n\n")
        .endsWith(ResultsPage.endMarker("fmnist-b1") + "\n\nEnd.\n");
  }

  @Test
  void includingTwiceGivesThePageOfIncludingOnce() {
    String once = ResultsPage.including(PAGE, "fmnist-b25", "tables");
    assertThat(ResultsPage.including(once, "fmnist-b25", "tables")).isEqualTo(once);
    assertThat(ResultsPage.includedTables(once)).containsEntry("fmnist-b25", "tables\n");
  }

  @Test
  void aSweepWithoutABlockIsRefusedWithTheMarkersToAdd() {
    assertThatThrownBy(() -> ResultsPage.including(PAGE, "spam-b25", "tables"))
        .isInstanceOf(BadInputException.class).hasMessageContaining(ResultsPage.beginMarker("spam-b25"))
        .hasMessageContaining(ResultsPage.endMarker("spam-b25"));
  }

  @Test
  void aSweepIncludedTwiceIsRefused() {
    String twice = PAGE + ResultsPage.beginMarker("fmnist-b1") + "\nx\n" + ResultsPage.endMarker("fmnist-b1") + "\n";
    assertThatThrownBy(() -> ResultsPage.includedTables(twice)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("fmnist-b1");
    assertThatThrownBy(() -> ResultsPage.including(twice, "fmnist-b1", "tables"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("fmnist-b1").hasMessageContaining("twice");
  }

  @Test
  void anEndMarkerOfAnotherSweepDoesNotCloseTheBlock() {
    String crossed = ResultsPage.beginMarker("a") + "\nx\n" + ResultsPage.endMarker("b") + "\n";
    assertThat(ResultsPage.includedTables(crossed)).isEmpty();
  }
}
