package org.blnspark.model.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.TinyNetworks;
import org.blnspark.model.zoo.NetworkConfiguration;
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

  @Test
  void anEntryBeyondTheLimitsIsRefusedBeforeDl4jReadsIt() throws IOException {
    ModelArchive.Limits limits = new ModelArchive.Limits(1 << 20, 4 << 20);
    // 3 MB of zeros inflate from a few KB: within the zip's limit, beyond an entry's.
    byte[] bomb = withEntry(withoutEntry(write(layered()), "coefficients.bin"), "coefficients.bin", new byte[3 << 20]);
    assertThat(bomb.length).isLessThan((int) limits.entryBytes());
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(bomb), false, limits))
        .isInstanceOf(InvalidModelArchiveException.class).hasMessageContaining("'coefficients.bin' declares 3145728");

    byte[] lying = declaredSize(withEntry(write(layered()), "updaterState.bin", new byte[3 << 20]), "updaterState.bin",
        10);
    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(lying), false, limits))
        .isInstanceOf(InvalidModelArchiveException.class);

    assertThatThrownBy(() -> ModelArchive.read(new ByteArrayInputStream(write(layered())), false,
        new ModelArchive.Limits(1 << 20, 100))).isInstanceOf(InvalidModelArchiveException.class)
        .hasMessageContaining("larger than the limit of 100 bytes");
    assertThat(ModelArchive.read(new ByteArrayInputStream(write(layered())), false, limits).network())
        .isInstanceOf(MultiLayerNetwork.class);
  }

  @Test
  void aLayerNamedVerticesLeavesALayeredNetworkLayered() throws IOException {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 1);
    net.getLayerWiseConfigurations().getConf(1).getLayer().setLayerName("vertices");
    String json = net.getLayerWiseConfigurations().toJson();
    assertThat(json).contains("\"vertices\"");
    assertThat(NetworkConfiguration.fromJson(json)).isInstanceOf(NetworkConfiguration.Layered.class);
    assertThat(roundTrip(net, "{}").network()).isInstanceOf(MultiLayerNetwork.class);
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

  private static byte[] withoutEntry(byte[] zip, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream copy = new ZipOutputStream(out);
         ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.getName().equals(name)) {
          copy.putNextEntry(new ZipEntry(entry.getName()));
          in.transferTo(copy);
          copy.closeEntry();
        }
      }
    }
    return out.toByteArray();
  }

  /** The zip with the uncompressed size its central directory declares for {@code name} replaced: a lie. */
  private static byte[] declaredSize(byte[] zip, String name, int size) {
    byte[] patched = zip.clone();
    ByteBuffer bytes = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 46 < patched.length; at++) {
      if (bytes.getInt(at) == 0x02014b50 && new String(patched, at + 46, bytes.getShort(at + 28),
          StandardCharsets.UTF_8).equals(name)) {
        bytes.putInt(at + 24, size);
        return patched;
      }
    }
    throw new AssertionError("no central directory entry " + name);
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
