package org.blnspark.model.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.TinyNetworks;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Model zips: both network kinds with their metadata, and every zip that must not reach DL4J refused. */
class ModelArchiveTest {
  /** Set when a planted object is deserialized: the proof that code from a zip ran. */
  static volatile boolean planted;

  /** A gadget's stand-in: Java serialization runs its readObject. */
  static final class Planted implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      planted = true;
    }
  }

  @Test
  void bothKindsOfNetworkRoundTripWithTheirMetadata() throws IOException {
    for (Model net : new Model[] {layered(), TinyNetworks.residualGraph(2)}) {
      ModelArchive.Contents restored = roundTrip(net, "{\"run\":1}");
      assertThat(restored.network().getClass()).isEqualTo(net.getClass());
      assertThat(restored.network().params()).isEqualTo(net.params());
      assertThat(restored.metadataJson()).isEqualTo("{\"run\":1}");
    }
  }

  @Test
  void aPlantedSerializedObjectIsRefusedBeforeItIsRead() throws IOException {
    byte[] zip = withEntry(write(layered()), "preprocessor.bin", serialized(new Planted()));
    planted = false;
    // Without the check, DL4J would read the entry with an ObjectInputStream on restore.
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(zip), false))
        .isInstanceOf(UnsafeModelArchiveException.class).hasMessageContaining("'preprocessor.bin'");
    assertThat(planted).isFalse();
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(
        withEntry(write(layered()), "objects/extra", serialized(new Planted()))), false))
        .isInstanceOf(UnsafeModelArchiveException.class);
    assertThat(planted).isFalse();
  }

  @Test
  void notAZipAndTheOldFormatAreRefusedWithTheirReason() throws IOException {
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream("not a zip".getBytes(StandardCharsets.UTF_8)),
        false)).isInstanceOf(InvalidModelArchiveException.class);
    ByteArrayOutputStream old = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(old)) {
      zip.putNextEntry(new ZipEntry("configuration.json"));
      zip.write("{\"confs\":[{\"layer\":{\"populationCollected\":true}}]}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(old.toByteArray()), false))
        .isInstanceOf(InvalidModelArchiveException.class).hasMessageContaining("bln-spark 0.1");
  }

  private static ModelArchive.Contents roundTrip(Model net, String metadata) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelArchive.write(net, true, metadata, out);
    return ModelArchive.read(new ByteArrayInputStream(out.toByteArray()), true);
  }

  private static byte[] write(Model net) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelArchive.write(net, false, "{}", out);
    return out.toByteArray();
  }

  private static byte[] withEntry(byte[] zip, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream copy = new ZipOutputStream(out);
         ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        copy.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(copy);
        copy.closeEntry();
      }
      copy.putNextEntry(new ZipEntry(name));
      copy.write(content);
      copy.closeEntry();
    }
    return out.toByteArray();
  }

  private static byte[] serialized(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private static MultiLayerNetwork layered() {
    return TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 1);
  }
}
