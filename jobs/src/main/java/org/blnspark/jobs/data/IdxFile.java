package org.blnspark.jobs.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.blnspark.model.BadInputException;

/**
 * Reads a pair of gzip-compressed IDX files (the MNIST format: a magic number, big-endian int32
 * dimensions, then unsigned bytes) strictly. A wrong magic number, unexpected dimensions, a payload
 * that is short or too long, an image count that differs from the label count or a label out of
 * range fails with a {@link BadInputException} naming the file, instead of turning into a silently
 * wrong dataset.
 */
final class IdxFile {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** The images, row-major and unsigned: image i is {@code pixels[i*rows*columns, (i+1)*rows*columns)}. */
  record LabelledImages(int rows, int columns, byte[] pixels, int[] labels) {
    int count() {
      return labels.length;
    }
  }

  private IdxFile() {}

  static LabelledImages read(Path imagesFile, Path labelsFile, int rows, int columns, int classes) {
    byte[] pixels = readPayload(imagesFile, IMAGES_MAGIC, new int[] {-1, rows, columns}, "pixels");
    byte[] labelBytes = readPayload(labelsFile, LABELS_MAGIC, new int[] {-1}, "labels");
    int images = pixels.length / (rows * columns);
    if (images != labelBytes.length) {
      throw new BadInputException(imagesFile + " has " + images + " images but " + labelsFile + " has "
          + labelBytes.length + " labels");
    }
    int[] labels = new int[labelBytes.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Byte.toUnsignedInt(labelBytes[i]);
      if (labels[i] >= classes) {
        throw new BadInputException(labelsFile + ": label " + labels[i] + " of example " + i + " is outside 0.."
            + (classes - 1));
      }
    }
    return new LabelledImages(rows, columns, pixels, labels);
  }

  /**
   * The payload of one IDX file whose dimensions must equal {@code expectedDimensions}; -1 there
   * accepts any count (the first dimension).
   */
  private static byte[] readPayload(Path file, int magic, int[] expectedDimensions, String what) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": no such file");
    }
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
      int headerLength = 4 * (1 + expectedDimensions.length);
      byte[] headerBytes = in.readNBytes(headerLength);
      if (headerBytes.length < headerLength) {
        throw bad(file, "truncated: expected a " + headerLength + "-byte header, got " + headerBytes.length);
      }
      ByteBuffer header = ByteBuffer.wrap(headerBytes);
      int actualMagic = header.getInt();
      if (actualMagic != magic) {
        throw bad(file, String.format("wrong magic number 0x%08x; expected 0x%08x", actualMagic, magic));
      }
      long payload = 1;
      for (int d = 0; d < expectedDimensions.length; d++) {
        int size = header.getInt();
        if (size < 0) {
          throw bad(file, "dimension " + d + " is negative: " + size);
        }
        if (expectedDimensions[d] >= 0 && size != expectedDimensions[d]) {
          throw bad(file, "dimension " + d + " is " + size + "; expected " + expectedDimensions[d]);
        }
        payload *= size;
      }
      if (payload > Integer.MAX_VALUE - 8) {
        throw bad(file, "too large: " + payload + " bytes of " + what);
      }
      byte[] data = in.readNBytes((int) payload);
      if (data.length < payload) {
        throw bad(file, "truncated: expected " + payload + " bytes of " + what + ", got " + data.length);
      }
      if (in.read() != -1) {
        throw bad(file, "has bytes after the " + payload + " bytes of " + what + " its header announces");
      }
      return data;
    } catch (IOException e) {
      // Not gzip, or a gzip stream cut short.
      throw new BadInputException(file + ": unreadable gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static BadInputException bad(Path file, String problem) {
    return new BadInputException(file + ": " + problem);
  }
}
