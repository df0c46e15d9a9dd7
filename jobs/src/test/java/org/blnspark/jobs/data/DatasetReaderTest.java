package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
  private static final StructType FLOATS_AND_LABEL = new StructType()
      .add("features", DataTypes.FloatType).add("label", DataTypes.IntegerType);

  @RegisterExtension
  static final TestSpark session = new TestSpark();

  @TempDir
  Path dir;

  private static List<Row> sorted(Dataset<Row> frame) {
    assertThat(frame.schema().simpleString()).isEqualTo("struct<features:array<float>,label:int>");
    return frame.orderBy("label").collectAsList();
  }

  @Test
  void csvFeaturesAreAllColumnsButTheLabel() throws IOException {
    Path csv = Files.writeString(dir.resolve("data.csv"), "x1,class,x2\n0.5,1,2\n-1,0,NaN\n,2,3\n");

    List<Row> rows = sorted(DatasetReader.readUserData(session.get(), csv.toString(), "ignored", "class").rows());

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).<Float>getList(0)).containsExactly(-1f, Float.NaN);
    assertThat(rows.get(1).<Float>getList(0)).containsExactly(0.5f, 2f);
    assertThat(rows.get(2).<Float>getList(0)).as("a missing cell becomes NaN").containsExactly(Float.NaN, 3f);
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(0, 1, 2);
    assertThat(DatasetReader.readUserData(session.get(), csv.toString(), "ignored", "class").featureNames())
        .containsExactly("x1", "x2");
  }

  @Test
  void aNonNumericCsvColumnIsRefused() throws IOException {
    Path csv = Files.writeString(dir.resolve("data.csv"), "name,x,label\nann,1,0\n");
    assertThatThrownBy(() -> DatasetReader.readUserData(session.get(), csv.toString(), "features", "label"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(csv + ": column 'name' is not numeric (string)");
  }

  @Test
  void parquetFeaturesMayBeArraysOrVectors() {
    String arrays = dir.resolve("arrays").toString();
    session.get().createDataFrame(List.of(RowFactory.create(new double[] {1.5, 2}, 3L)), new StructType()
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType)).add("y", DataTypes.LongType))
        .write().parquet(arrays);
    String vectors = dir.resolve("vectors").toString();
    session.get().createDataFrame(List.of(RowFactory.create(Vectors.dense(4, 5), 1)), new StructType()
        .add("v", SQLDataTypes.VectorType()).add("y", DataTypes.IntegerType))
        .write().parquet(vectors);

    Row fromArrays = sorted(DatasetReader.readUserData(session.get(), arrays, "x", "y").rows()).get(0);
    Row fromVectors = sorted(DatasetReader.readUserData(session.get(), vectors, "v", "y").rows()).get(0);

    assertThat(fromArrays.<Float>getList(0)).containsExactly(1.5f, 2f);
    assertThat(fromArrays.getInt(1)).isEqualTo(3);
    assertThat(fromVectors.<Float>getList(0)).containsExactly(4f, 5f);
  }

  @Test
  void aFractionalLabelColumnIsRefused() {
    String path = dir.resolve("fractional").toString();
    session.get().createDataFrame(List.of(RowFactory.create(new float[] {1}, 0.5)), new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.DoubleType))
        .write().parquet(path);
    assertThatThrownBy(() -> DatasetReader.readUserData(session.get(), path, "features", "label"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(path + ": label column 'label' must hold integer class indices, got double");
  }

  @Test
  void missingPathsAndColumnsAreNamed() throws IOException {
    String missing = dir.resolve("absent.csv").toString();
    assertThatThrownBy(() -> DatasetReader.readUserData(session.get(), missing, "features", "label"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(missing + ": no such file or directory");
    Path csv = Files.writeString(dir.resolve("data.csv"), "x,label\n1,0\n");
    assertThatThrownBy(() -> DatasetReader.readUserData(session.get(), csv.toString(), "features", "target"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(csv + ": no column 'target'; columns: [x, label]");
  }

  @Test
  void userDataIsNotAPreparedDataset() {
    String path = dir.resolve("user").toString();
    session.get().createDataFrame(List.of(RowFactory.create(1f, 0)), FLOATS_AND_LABEL).write().parquet(path);

    assertThatThrownBy(() -> DatasetReader.read(session.get(), path, Split.TRAIN))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(path + " is not a prepared dataset");
    assertThatThrownBy(() -> DatasetMetadata.read(session.get(), path))
        .isInstanceOf(BadInputException.class)
        .hasMessage(path + " has no _bln_dataset.json: it is not a dataset made by the prepare command");
    assertThatThrownBy(() -> Split.parse("training"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unknown split 'training'; valid splits: train, validation, test");
  }
}
