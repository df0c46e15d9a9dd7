package org.blnspark.jobs.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small gzip IDX files, valid or deliberately broken, for the tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** A gzip IDX file: the magic number, the dimensions as declared, then the payload as given. */
  static Path write(Path file, int magic, int[] dimensions, byte[] payload) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(magic);
      for (int d : dimensions) {
        out.writeInt(d);
      }
      out.write(payload);
    }
    return file;
  }

  /**
   * A valid Fashion-MNIST directory of {@code train} training and {@code test} test images: image i
   * has label i % 10 and every pixel equal to (i * 25) % 256.
   */
  static Path fashionMnist(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    writeSet(dir, "train", train);
    writeSet(dir, "t10k", test);
    return dir;
  }

  private static void writeSet(Path dir, String prefix, int count) throws IOException {
    int size = FashionMnist.SIDE * FashionMnist.SIDE;
    byte[] pixels = new byte[count * size];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
      Arrays.fill(pixels, i * size, (i + 1) * size, (byte) (i * 25));
    }
    write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), IdxFile.IMAGES_MAGIC,
        new int[] {count, FashionMnist.SIDE, FashionMnist.SIDE}, pixels);
    write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFile.LABELS_MAGIC, new int[] {count}, labels);
  }
}
