package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.blnspark.model.zoo.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Small slices of the real datasets from bin/fetch-data's cache, prepared end to end. */
class RealDatasetsTest {
  private static final int LIMIT = 200;
  private static final SplitOptions OPTIONS = new SplitOptions(42, 0.1, 0.2, 1.0, LIMIT, 80, 20_000);

  @RegisterExtension
  static final TestSpark session = new TestSpark();

  @TempDir
  Path dir;

  private static List<Row> rows(String path, Split split) {
    return DatasetReader.read(session.get(), path, split).collectAsList();
  }

  private static InputShape.Tokens tokens(DatasetMetadata metadata) {
    return (InputShape.Tokens) metadata.input();
  }

  private static Set<Integer> labels(List<Row> rows) {
    return rows.stream().map(r -> r.getInt(1)).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void fashionMnistSlice() {
    String output = dir.resolve("fashion").toUri().toString();
    DatasetMetadata metadata = DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST,
        TestSpark.cachedRawData(DatasetKind.FASHION_MNIST).toString(), output, OPTIONS);

    assertThat(metadata.withContent(null)).isEqualTo(new DatasetMetadata(DatasetIdentity.of(DatasetKind.FASHION_MNIST,
        new InputShape.Image(28, 28, 1), 10, List.of()), DatasetMetadata.counts(LIMIT, LIMIT, LIMIT), 42));
    assertThat(DatasetMetadata.read(session.get(), output)).isEqualTo(metadata);
    for (Split split : Split.values()) {
      List<Row> rows = rows(output, split);
      assertThat(rows).as(split.value()).hasSize(LIMIT);
      assertThat(labels(rows)).as(split.value()).containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
      List<Float> pixels = rows.stream().flatMap(r -> r.<Float>getList(0).stream()).toList();
      assertThat(pixels).as(split.value()).hasSize(LIMIT * 784).allMatch(p -> p >= 0 && p <= 1).contains(0f, 1f);
    }
  }

  @Test
  void spamAssassinSlice() {
    String output = dir.resolve("spam").toString();
    DatasetMetadata metadata = DatasetPreparer.prepare(session.get(), DatasetKind.SPAM_ASSASSIN,
        TestSpark.cachedRawData(DatasetKind.SPAM_ASSASSIN).toString(), output, OPTIONS);

    assertThat(metadata.counts()).containsExactlyEntriesOf(DatasetMetadata.counts(LIMIT, LIMIT, LIMIT));
    assertThat(metadata.features()).isEqualTo(80);
    assertThat(tokens(metadata).sequenceLength()).isEqualTo(80);
    assertThat(metadata.classes()).isEqualTo(2);
    assertThat(DatasetMetadata.read(session.get(), output)).isEqualTo(metadata);
    // 200 messages have fewer distinct words than 20,000, so every training word got an id.
    assertThat(tokens(metadata).vocabularySize()).isBetween(1000, OPTIONS.vocabularySize() - 1);

    List<Row> train = rows(output, Split.TRAIN);
    List<Row> test = rows(output, Split.TEST);
    for (List<Row> rows : List.of(train, test, rows(output, Split.VALIDATION))) {
      assertThat(rows).hasSize(LIMIT);
      assertThat(labels(rows)).containsExactly(0, 1);
      assertThat(rows).allSatisfy(r -> assertThat(r.<Float>getList(0)).hasSize(80)
          .allMatch(id -> id >= 0 && id < tokens(metadata).vocabularySize() && id == Math.rint(id)));
    }
    // The vocabulary holds every training word, so had it been fitted on all splits, no id would be
    // out-of-vocabulary. Fitted on the training split only, training rows have none, and test rows,
    // which use words the training messages never did, do.
    assertThat(train).noneMatch(r -> r.<Float>getList(0).contains((float) SpamAssassin.OUT_OF_VOCABULARY));
    assertThat(test).anyMatch(r -> r.<Float>getList(0).contains((float) SpamAssassin.OUT_OF_VOCABULARY));
  }
}
