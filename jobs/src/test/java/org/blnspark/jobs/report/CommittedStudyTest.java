package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.SweepRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's committed tables are what its committed raw cells give: each sweep under
 * {@code docs/study} is reported again from its {@code cells/*}/cell.json alone, and every table
 * must equal the committed one, so that no number on the page can drift from its data or be typed
 * by hand. Redraw one with {@code bin/bln sweep-report --cells docs/study/S --output docs/study/S}.
 */
class CommittedStudyTest {
  private static final Path STUDY = Path.of("..", "docs", "study");
  private static final Path RESULTS_PAGE = Path.of("..", "docs", "results.md");
  /** The text tables; the plots are pictures of the same numbers, drawn by fonts that differ between machines. */
  private static final List<String> TABLES = List.of(SweepTables.RESULTS, SweepTables.SUMMARY,
      SweepTables.COMPARISONS, SweepTables.PAIRED, SweepTables.LEARNING_RATES, SweepMarkdown.FILE);

  @TempDir
  Path redrawn;

  @TestFactory
  Stream<DynamicTest> everyCommittedTableIsWhatItsCellsGive() throws IOException {
    return committedSweeps().stream().map(sweep -> DynamicTest.dynamicTest(sweep.getFileName().toString(), () -> {
      HadoopFiles files = new HadoopFiles(new Configuration());
      Path out = redrawn.resolve(sweep.getFileName());
      SweepReport.write(files, out.toString(), SweepRun.finished(files, sweep.toString()));
      for (String table : TABLES) {
        assertThat(sweep.resolve(table)).as("%s/%s against its cells; redraw it with bin/bln sweep-report --cells "
            + "%s --output %s", sweep, table, sweep, sweep).hasSameTextualContentAs(out.resolve(table));
      }
    }));
  }

  /**
   * docs/results.md includes every committed sweep's tables, each as committed (which the test above
   * ties to the cells), and nothing under a sweep's name that is not committed.
   */
  @Test
  void theResultsPageIncludesEverySweepsTablesAsCommitted() throws IOException {
    Map<String, String> included = ResultsPage.includedTables(Files.readString(RESULTS_PAGE));
    List<Path> sweeps = committedSweeps();
    assertThat(included.keySet()).as("sweeps whose tables docs/results.md includes; include one with bin/bln "
        + "sweep-report --cells docs/study/S --output docs/study/S --page docs/results.md")
        .containsExactlyInAnyOrderElementsOf(sweeps.stream().map(s -> s.getFileName().toString()).toList());
    for (Path sweep : sweeps) {
      assertThat(included.get(sweep.getFileName().toString())).as("docs/results.md's block of %s", sweep)
          .isEqualTo(Files.readString(sweep.resolve(SweepMarkdown.FILE)));
    }
  }

  private static List<Path> committedSweeps() throws IOException {
    List<Path> sweeps;
    try (Stream<Path> dirs = Files.exists(STUDY) ? Files.list(STUDY) : Stream.empty()) {
      sweeps = dirs.filter(dir -> Files.isDirectory(dir.resolve("cells"))).sorted().toList();
    }
    Assumptions.assumeFalse(sweeps.isEmpty(), "no study has committed cells yet under " + STUDY);
    return sweeps;
  }
}
