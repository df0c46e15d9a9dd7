package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  private static final int ROWS = 2;
  private static final int COLUMNS = 3;

  @TempDir
  Path dir;

  private Path images(int magic, int count, int payloadBytes) throws IOException {
    byte[] pixels = new byte[payloadBytes];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (200 + i);
    }
    return IdxFiles.write(dir.resolve("images.gz"), magic, new int[] {count, ROWS, COLUMNS}, pixels);
  }

  private Path labels(byte... labels) throws IOException {
    return IdxFiles.write(dir.resolve("labels.gz"), IdxFile.LABELS_MAGIC, new int[] {labels.length}, labels);
  }

  private IdxFile.LabelledImages read(Path images, Path labels) {
    return IdxFile.read(images, labels, ROWS, COLUMNS, 10);
  }

  @Test
  void validFilesRoundTripWithUnsignedPixels() throws IOException {
    IdxFile.LabelledImages read = read(images(IdxFile.IMAGES_MAGIC, 3, 18), labels((byte) 9, (byte) 0, (byte) 4));

    assertThat(read.count()).isEqualTo(3);
    assertThat(read.labels()).containsExactly(9, 0, 4);
    assertThat(Byte.toUnsignedInt(read.pixels()[17])).isEqualTo(217);
    assertThat(read.pixels()).hasSize(18);
  }

  @Test
  void wrongMagicNumberIsRefused() throws IOException {
    Path images = images(IdxFile.LABELS_MAGIC, 3, 18);
    assertThatThrownBy(() -> read(images, labels((byte) 1, (byte) 2, (byte) 3)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + ": wrong magic number 0x00000801; expected 0x00000803");
  }

  @Test
  void truncatedPayloadIsRefused() throws IOException {
    Path images = images(IdxFile.IMAGES_MAGIC, 3, 10);
    assertThatThrownBy(() -> read(images, labels((byte) 1, (byte) 2, (byte) 3)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + ": truncated: expected 18 bytes of pixels, got 10");
  }

  @Test
  void bytesBeyondTheDeclaredPayloadAreRefused() throws IOException {
    Path images = images(IdxFile.IMAGES_MAGIC, 3, 19);
    assertThatThrownBy(() -> read(images, labels((byte) 1, (byte) 2, (byte) 3)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(images + ": has bytes after the 18 bytes of pixels");
  }

  @Test
  void unexpectedImageSizeIsRefused() throws IOException {
    Path images = images(IdxFile.IMAGES_MAGIC, 3, 18);
    assertThatThrownBy(() -> IdxFile.read(images, labels((byte) 1, (byte) 2, (byte) 3), 28, 28, 10))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + ": dimension 1 is 2; expected 28");
  }

  @Test
  void labelOutOfRangeIsRefused() throws IOException {
    Path labels = labels((byte) 1, (byte) 10, (byte) 3);
    assertThatThrownBy(() -> read(images(IdxFile.IMAGES_MAGIC, 3, 18), labels))
        .isInstanceOf(BadInputException.class)
        .hasMessage(labels + ": label 10 of example 1 is outside 0..9");
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    Path images = images(IdxFile.IMAGES_MAGIC, 3, 18);
    Path labels = labels((byte) 1, (byte) 2);
    assertThatThrownBy(() -> read(images, labels))
        .isInstanceOf(BadInputException.class)
        .hasMessage(images + " has 3 images but " + labels + " has 2 labels");
  }

  @Test
  void fileThatIsNotGzipIsRefused() throws IOException {
    Path images = Files.write(dir.resolve("images.gz"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
    assertThatThrownBy(() -> read(images, labels((byte) 1)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(images + ": unreadable gzip data (");
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path missing = dir.resolve("absent.gz");
    assertThatThrownBy(() -> read(missing, labels((byte) 1)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(missing + ": no such file");
  }
}
