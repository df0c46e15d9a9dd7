package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.blnspark.jobs.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content of a prepared dataset's splits: their row counts and hashes, computed at prepare,
 * the same however the rows are ordered or partitioned, different for other rows, and added on first
 * use to a dataset prepared without it. On a small synthetic Fashion-MNIST.
 */
class DatasetContentTest {
  private static final SplitOptions OPTIONS = new SplitOptions(3, 0.1, 0.2, 0.5, 0, 80, 20_000);

  @RegisterExtension
  static final TestSpark session = new TestSpark();

  @TempDir
  Path dir;

  @Test
  void prepareRecordsEachSplitsRowCountAndTheSumOfItsRowsHashes() throws Exception {
    String output = prepare("data", OPTIONS);
    DatasetMetadata metadata = DatasetMetadata.read(session.get(), output);

    for (Split split : Split.values()) {
      List<Row> rows = DatasetReader.read(session.get(), output, split).collectAsList();
      DatasetContent.SplitContent content = metadata.content().splits().get(split);
      assertThat(content.rows()).as(split.value()).isEqualTo(rows.size()).isEqualTo(metadata.count(split));
      assertThat(content.sha256()).as(split.value()).isEqualTo(sumOfRowHashes(rows));
    }
  }

  @Test
  void theContentIgnoresTheRowsOrderAndPartitionsButNotTheirValues() throws IOException {
    String output = prepare("data", OPTIONS);
    Dataset<Row> rows = DatasetReader.readAll(session.get(), output);
    DatasetContent prepared = DatasetMetadata.read(session.get(), output).content();

    assertThat(DatasetContent.of(rows.repartition(3))).isEqualTo(prepared);
    assertThat(DatasetContent.of(rows.coalesce(1).orderBy(col(DatasetReader.LABEL).desc()))).isEqualTo(prepared);
    // One test label changed (the ten synthetic test images have ten labels): the test split differs,
    // with as many rows, and the others do not.
    Dataset<Row> relabelled = rows.withColumn(DatasetReader.LABEL, when(col(DatasetReader.SPLIT).equalTo("test")
        .and(col(DatasetReader.LABEL).equalTo(3)), lit(4)).otherwise(col(DatasetReader.LABEL)));
    DatasetContent changed = DatasetContent.of(relabelled);
    assertThat(changed.splits().get(Split.TRAIN)).isEqualTo(prepared.splits().get(Split.TRAIN));
    assertThat(changed.splits().get(Split.TEST).rows()).isEqualTo(prepared.splits().get(Split.TEST).rows());
    assertThat(prepared.mismatch(changed)).hasValue("the test split has as many rows ("
        + prepared.splits().get(Split.TEST).rows() + ") but other ones");
  }

  @Test
  void aDatasetPreparedAgainWithAnotherLimitOrSeedHasTheSameIdentityButNotTheSameContent() throws IOException {
    DatasetMetadata first = DatasetMetadata.read(session.get(), prepare("first", OPTIONS));
    DatasetMetadata again = DatasetMetadata.read(session.get(), prepare("again", OPTIONS));
    DatasetMetadata limited = DatasetMetadata.read(session.get(), prepare("limited",
        new SplitOptions(3, 0.1, 0.2, 0.5, 5, 80, 20_000)));
    DatasetMetadata reseeded = DatasetMetadata.read(session.get(), prepare("reseeded",
        new SplitOptions(4, 0.1, 0.2, 0.5, 0, 80, 20_000)));

    assertThat(again.content()).isEqualTo(first.content());
    assertThat(limited.identity()).isEqualTo(first.identity());
    assertThat(reseeded.identity()).isEqualTo(first.identity());
    assertThat(first.content().mismatch(limited.content())).hasValue("the train split has "
        + first.count(Split.TRAIN) + " rows there, 5 here");
    assertThat(first.content().mismatch(reseeded.content())).isPresent();
  }

  @Test
  void aDatasetPreparedWithoutItsContentIsFingerprintedOnFirstUse() throws IOException {
    String output = prepare("data", OPTIONS);
    DatasetContent prepared = DatasetMetadata.read(session.get(), output).content();
    Path file = Path.of(output, DatasetMetadata.FILE_NAME);
    ObjectNode older = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    older.remove("content");
    Json.MAPPER.writeValue(file.toFile(), older);
    assertThat(DatasetMetadata.read(session.get(), output).content()).isNull();

    assertThat(PreparedDataset.open(session.get(), output).metadata().content()).isEqualTo(prepared);
    assertThat(DatasetMetadata.read(session.get(), output).content()).as("stored").isEqualTo(prepared);
  }

  private String prepare(String name, SplitOptions options) throws IOException {
    Path raw = dir.resolve("raw");
    if (!Files.isDirectory(raw)) {
      IdxFiles.fashionMnist(raw, 40, 10);
    }
    String output = dir.resolve(name).toString();
    DatasetPreparer.prepare(session.get(), DatasetKind.FASHION_MNIST, raw.toString(), output, options);
    return output;
  }

  /**
   * The hash as the format defines it, written out again here: per row, SHA-256 of the label, the
   * number of features and each feature's float bits, as big-endian ints; summed modulo 2^256.
   */
  private static String sumOfRowHashes(List<Row> rows) throws Exception {
    BigInteger sum = BigInteger.ZERO;
    for (Row row : rows) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      List<Float> features = row.getList(0);
      out.writeInt(row.getInt(1));
      out.writeInt(features.size());
      for (float value : features) {
        out.writeInt(Float.floatToIntBits(value));
      }
      sum = sum.add(new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())));
    }
    return String.format("%064x", sum.mod(BigInteger.ONE.shiftLeft(256)));
  }
}
