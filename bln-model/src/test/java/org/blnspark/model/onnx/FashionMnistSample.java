package org.blnspark.model.onnx;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first rows of Fashion-MNIST's test images, as bin/fetch-data caches them (under
 * $BLN_DATA_DIR or ~/.cache/bln-spark): flat rows of 784 pixels in [0, 1], and their labels.
 */
final class FashionMnistSample {
  static final int CLASSES = 10;
  private static final int PIXELS = 28 * 28;

  final float[][] rows;
  final int[] labels;

  private FashionMnistSample(float[][] rows, int[] labels) {
    this.rows = rows;
    this.labels = labels;
  }

  static FashionMnistSample first(int n) throws IOException {
    String cache = System.getenv("BLN_DATA_DIR");
    Path dir = (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "bln-spark"))
        .resolve("fashion-mnist");
    float[][] rows = new float[n][PIXELS];
    int[] labels = new int[n];
    try (DataInputStream images = open(dir.resolve("t10k-images-idx3-ubyte.gz"), 16);
         DataInputStream classes = open(dir.resolve("t10k-labels-idx1-ubyte.gz"), 8)) {
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < PIXELS; p++) {
          rows[i][p] = images.readUnsignedByte() / 255f;
        }
        labels[i] = classes.readUnsignedByte();
      }
    }
    return new FashionMnistSample(rows, labels);
  }

  /** Rows {@code [from, to)} as a DataSet with one-hot labels. */
  DataSet dataSet(int from, int to) {
    float[][] oneHot = new float[to - from][CLASSES];
    for (int i = from; i < to; i++) {
      oneHot[i - from][labels[i]] = 1;
    }
    return new DataSet(Nd4j.create(java.util.Arrays.copyOfRange(rows, from, to)), Nd4j.create(oneHot));
  }

  private static DataInputStream open(Path file, int header) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(file + " is missing: run bin/fetch-data");
    }
    InputStream in = new GZIPInputStream(Files.newInputStream(file));
    DataInputStream data = new DataInputStream(in);
    data.skipNBytes(header);
    return data;
  }
}
