package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The output appears whole or not at all, and never replaces anything. On a small synthetic Fashion-MNIST. */
class DatasetPreparerTest {
  private static final SplitOptions OPTIONS = new SplitOptions(3, 0.1, 0.2, 0.5, 0, 80, 20_000);

  @RegisterExtension
  static final TestSpark session = new TestSpark();

  @TempDir
  Path dir;

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneParquetDatasetWithItsMetadata() throws IOException {
    Path raw = IdxFiles.fashionMnist(dir.resolve("raw"), 40, 10);
    Path output = dir.resolve("out").resolve("data");

    DatasetMetadata metadata = DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST, raw.toString(),
        output.toString(),
        OPTIONS);

    // 40 training images: 4 validate, half of the other 36 train; the 10 test images test.
    assertThat(metadata.counts()).containsExactlyEntriesOf(DatasetMetadata.counts(18, 4, 10));
    assertThat(metadata.count(Split.TRAIN)).isEqualTo(18);
    assertThat(names(output)).contains(DatasetMetadata.FILE_NAME).anyMatch(n -> n.endsWith(".parquet"));
    assertThat(names(output.getParent())).containsExactly("data");
    List<Row> test = DatasetReader.read(session.get(), output.toString(), Split.TEST).collectAsList();
    assertThat(test).hasSize(10);
    // Image i of the synthetic set has label i % 10 and every pixel (i * 25) % 256.
    assertThat(test).allSatisfy(r -> assertThat(r.<Float>getList(0)).hasSize(784)
        .containsOnly(((r.getInt(1) * 25) % 256) / 255f));
  }

  @Test
  void anExistingOutputIsRefusedAndLeftAlone() throws IOException {
    Path raw = IdxFiles.fashionMnist(dir.resolve("raw"), 40, 10);
    Path output = Files.createDirectory(dir.resolve("data"));
    Files.writeString(output.resolve("keep.txt"), "precious");

    assertThatThrownBy(() -> DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST, raw.toString(),
        output.toString(),
        OPTIONS))
        .isInstanceOf(BadInputException.class)
        .hasMessage(output + " already exists; choose another path or delete it");
    assertThat(names(output)).containsExactly("keep.txt");
    assertThat(output.resolve("keep.txt")).hasContent("precious");
    assertThat(names(dir)).containsExactly("data", "raw");
  }

  @Test
  void anUnwritableParentIsRefusedAndLeavesNothingBehind() throws IOException {
    Path raw = IdxFiles.fashionMnist(dir.resolve("raw"), 40, 10);
    // A regular file as the parent: unwritable for root too, unlike a read-only directory.
    Path parent = Files.writeString(dir.resolve("not-a-directory"), "");
    String output = parent.resolve("data").toString();

    assertThatThrownBy(() -> DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST, raw.toString(), output,
        OPTIONS))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(output + ": cannot create a directory in ");
    assertThat(names(dir)).containsExactly("not-a-directory", "raw");
  }

  @Test
  void aFailureWhileReadingLeavesNoOutputAndNoTemporaryDirectory() throws IOException {
    Path raw = IdxFiles.fashionMnist(dir.resolve("raw"), 40, 10);
    IdxFiles.write(raw.resolve("t10k-labels-idx1-ubyte.gz"), IdxFile.LABELS_MAGIC, new int[] {10},
        new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10});
    Path out = Files.createDirectory(dir.resolve("out"));

    assertThatThrownBy(() -> DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST, raw.toString(),
        out.resolve("data").toString(), OPTIONS))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("label 10 of example 9 is outside 0..9");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void aMissingRawDirectoryIsNamed() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> DatasetPreparer.prepare(session.get(), DatasetKind.SPAM_ASSASSIN, missing.toString(),
        dir.resolve("data").toString(), OPTIONS))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(missing + ": no such directory");
  }
}
