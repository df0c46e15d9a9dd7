package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.CodeVersion;
import org.blnspark.jobs.run.EvaluationReport;
import org.blnspark.jobs.run.RunIdentity;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.TestOutcomes;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.StatisticsDrift;
import org.blnspark.model.zoo.Normalization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of page, written by the real report code and opened in headless Chromium from its
 * folder: every image loads, every link points at a file beside it, the console stays silent. The
 * screenshots are kept in target/page-screenshots. Skipped, saying so, where Chromium is not
 * installed (Debian's package chromium).
 */
class PagesInABrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "page-screenshots");
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

  @TempDir
  static Path dir;
  static Chromium chromium;
  static HadoopFiles files;

  @BeforeAll
  static void findChromium() throws Exception {
    chromium = Chromium.find(dir).orElse(null);
    Assumptions.assumeTrue(chromium != null,
        "Chromium is not installed (apt-get install chromium): the pages were not rendered");
    Files.createDirectories(SCREENSHOTS);
    files = new HadoopFiles(new Configuration());
  }

  @Test
  void theSweepPageShowsItsPlotsThePivotAndTheCellsCollapsed() throws Exception {
    Path out = Files.createDirectories(dir.resolve("sweep"));
    String page = SweepReport.write(files, out.toString(), cells());
    Chromium.Rendering rendering = check(Path.of(page), "sweep.png");
    assertThat(rendering.dom()).contains("id=\"pivot\"").contains("<details>").contains("BLN − this:");
    // Two seeds per setting: the differences over seeds with Holm's correction, and the within-seed detail.
    assertThat(rendering.dom()).contains("id=\"comparisons\"").contains("After Holm's correction across the")
        .contains("id=\"within-seed\"");
    // The plots come first: the first image is above the pivot table.
    assertThat(rendering.dom().indexOf("<img")).isLessThan(rendering.dom().indexOf("id=\"pivot\""));
  }

  @Test
  void theQuickstartPageShowsItsCurvesAndTheSixteenConfigurations() throws Exception {
    Path out = Files.createDirectories(dir.resolve("quickstart"));
    List<QuickstartReport.Run> runs = new ArrayList<>();
    Random random = new Random(3);
    for (Normalization norm : List.of(Normalization.BLN, Normalization.BN, Normalization.LN)) {
      runs.add(new QuickstartReport.Run(norm, metrics(random, 3), evaluation(random, norm)));
    }
    String page = QuickstartReport.write(files, out.toString(), runs, 25,
        QuickstartReport.commands("out/data", "out/model/model.zip"));
    Chromium.Rendering rendering = check(Path.of(page), "quickstart.png");
    assertThat(rendering.images()).isEqualTo(3);
    assertThat(rendering.dom()).contains("won: test accuracy").contains("Going further");
  }

  @Test
  void theDriftPageShowsItsPlotsAndTable() throws Exception {
    Random random = new Random(5);
    List<StatisticsDrift.Layer> layers = new ArrayList<>();
    for (String name : List.of("layer2", "layer5")) {
      double[] shifts = random.doubles(20, -1, 1).toArray();
      double[] ratios = random.doubles(20, 0.5, 2).toArray();
      layers.add(new StatisticsDrift.Layer(name, shifts, ratios));
    }
    String path = dir.resolve("drift").toString();
    DriftReport.write(files, path, DriftReport.of(new StatisticsDrift(layers), "model.zip", "data"));
    Chromium.Rendering rendering = check(Path.of(path, DriftReport.PAGE), "drift.png");
    assertThat(rendering.images()).isEqualTo(2);
    assertThat(rendering.dom()).contains("layer5");
  }

  private static Chromium.Rendering check(Path page, String screenshot) throws Exception {
    String html = Files.readString(page);
    Matcher references = REFERENCE.matcher(html);
    while (references.find()) {
      String target = references.group(1);
      assertThat(target).as("a reference of %s", page).doesNotContain("://").doesNotStartWith("/");
      assertThat(page.resolveSibling(target)).as("the target of %s in %s", target, page).exists();
    }
    assertThat(html).as("no script: the page reads the same from any folder").doesNotContain("<script");
    Chromium.Rendering rendering = chromium.render(page, SCREENSHOTS.resolve(screenshot).toAbsolutePath());
    assertThat(rendering.console()).as("console of %s", page).isEmpty();
    assertThat(rendering.images()).as("images of %s", page).isPositive();
    assertThat(rendering.brokenImages()).as("broken images of %s", page).isZero();
    assertThat(SCREENSHOTS.resolve(screenshot)).exists();
    return rendering;
  }

  /** A study of two seeds: BLN, BN and no normalisation at batch sizes 1 and 25. */
  private static List<SweepCell> cells() {
    Random random = new Random(7);
    List<SweepCell> cells = new ArrayList<>();
    for (Normalization norm : List.of(Normalization.BLN, Normalization.BN, Normalization.NONE)) {
      for (int batchSize : new int[] {1, 25}) {
        for (long seed = 1; seed <= 2; seed++) {
          StringBuilder correct = new StringBuilder();
          double skill = norm == Normalization.BLN ? 0.8 : norm == Normalization.BN && batchSize == 25 ? 0.75 : 0.5;
          for (int i = 0; i < 200; i++) {
            correct.append(random.nextDouble() < skill ? '1' : '0');
          }
          TestOutcomes outcomes = new TestOutcomes(correct.toString());
          EvaluationReport evaluation = evaluation(random, norm);
          cells.add(new SweepCell(norm, null, batchSize, 1, seed, 0.001, new RunIdentity(Map.of("norm", norm.name()),
              null, CodeVersion.current()),
              metrics(random, 3), new EvaluationReport(evaluation.chosen(), outcomes.accuracy(), 0.5, 0.5, 200,
                  evaluation.validationAccuracy(), evaluation.validationLoss(),
                  evaluation.testAccuracyByConfiguration(), List.of()), outcomes, null));
        }
      }
    }
    return cells;
  }

  private static List<EpochMetrics> metrics(Random random, int epochs) {
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      metrics.add(new EpochMetrics(e, 1.5 / e + random.nextDouble() * 0.1, 1.6 / e, 0.5 + 0.1 * e, 10, Map.of()));
    }
    return metrics;
  }

  private static EvaluationReport evaluation(Random random, Normalization norm) {
    Map<String, Double> validation = new LinkedHashMap<>();
    Map<String, Double> loss = new LinkedHashMap<>();
    Map<String, Double> test = new LinkedHashMap<>();
    List<StatisticSources> configurations = norm == Normalization.BLN ? StatisticSources.all()
        : List.of(StatisticSources.REFERENCE_DEFAULT);
    for (StatisticSources c : configurations) {
      validation.put(c.code(), 0.7 + random.nextDouble() * 0.1);
      loss.put(c.code(), 0.8 + random.nextDouble() * 0.1);
      test.put(c.code(), 0.7 + random.nextDouble() * 0.1);
    }
    String chosen = validation.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return new EvaluationReport(chosen, test.get(chosen), 0.8, 0.7, 1000, validation, loss, test, List.of());
  }
}
