package org.blnspark.model.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A network of either kind in DL4J's model zip, with one more entry of the caller's JSON
 * ({@value #METADATA}). Reading checks the zip before DL4J opens it: DL4J 1.0.0-M2 reads some
 * entries (a preprocessor, a normaliser, added objects) with Java's unfiltered
 * {@code ObjectInputStream}, so that a crafted zip could run code; any entry that this project
 * never writes is refused instead.
 */
public final class ModelArchive {
  /** The entry of the caller's metadata. */
  public static final String METADATA = "bln-model.json";

  /** The entries DL4J writes for a network with its parameters and updater state, and ours. */
  private static final Set<String> ALLOWED = Set.of(ModelSerializer.CONFIGURATION_JSON,
      ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN, ModelSerializer.NO_PARAMS_MARKER, METADATA);

  /** What a model zip holds: the network, with its updater state when asked for, and the metadata if any. */
  public record Contents(Model network, String metadataJson) {}

  private ModelArchive() {}

  /** Writes {@code network} (and its updater state, when {@code withUpdater}) with the metadata. */
  public static void write(Model network, boolean withUpdater, String metadataJson, OutputStream out)
      throws IOException {
    // DL4J writes whole zips only; its entries are copied over beside ours, through a local file,
    // since a text model's parameters and updater state reach hundreds of MB.
    Path dl4j = Files.createTempFile("bln-model", ".zip");
    ZipOutputStream zip = new ZipOutputStream(out);
    try {
      ModelSerializer.writeModel(network, dl4j.toFile(), withUpdater);
      try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(dl4j))) {
        for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
          zip.putNextEntry(new ZipEntry(entry.getName()));
          entries.transferTo(zip);
          zip.closeEntry();
        }
      }
    } finally {
      Files.deleteIfExists(dl4j);
    }
    zip.putNextEntry(new ZipEntry(METADATA));
    zip.write(metadataJson.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    // Finished, not closed: the stream belongs to the caller.
    zip.finish();
  }

  /**
   * Reads a model zip after checking its entries. A zip that is not a model, holds an entry this
   * project never writes, or was written before the learned BLN state moved out of the layer
   * configuration fails with an {@link InvalidModelArchiveException} that says which.
   */
  public static Contents read(InputStream in, boolean withUpdater) throws IOException {
    Path local = Files.createTempFile("bln-model", ".zip");
    try {
      try (OutputStream copy = Files.newOutputStream(local)) {
        in.transferTo(copy);
      }
      return read(local, withUpdater);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /**
   * Reads a model zip from a local file, as {@link #read(InputStream, boolean)} does. Every failure
   * is of the zip's content: a caller that copied the file here first can tell a corrupt model
   * from a filesystem that failed to deliver it.
   */
  public static Contents read(Path local, boolean withUpdater) throws IOException {
    String metadata;
    boolean graph;
    try (ZipFile zip = new ZipFile(local.toFile())) {
      requireOnlyKnownEntries(zip);
      String configuration = text(zip, ModelSerializer.CONFIGURATION_JSON);
      if (configuration == null) {
        throw new InvalidModelArchiveException("not a DL4J model: it has no " + ModelSerializer.CONFIGURATION_JSON);
      }
      if (configuration.contains("\"populationCollected\"")) {
        throw new InvalidModelArchiveException("written by bln-spark 0.1, whose BLN layers kept their learned "
            + "state in the configuration; train it again with this version");
      }
      graph = configuration.contains("\"vertices\"");
      metadata = text(zip, METADATA);
    } catch (ZipException e) {
      throw new InvalidModelArchiveException("not a zip (" + e.getMessage() + ")", e);
    }
    Model network = graph ? ModelSerializer.restoreComputationGraph(local.toFile(), withUpdater)
        : ModelSerializer.restoreMultiLayerNetwork(local.toFile(), withUpdater);
    return new Contents(network, metadata);
  }

  private static void requireOnlyKnownEntries(ZipFile zip) {
    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
      String name = entries.nextElement().getName();
      if (!ALLOWED.contains(name)) {
        throw new UnsafeModelArchiveException("holds an entry this project never writes, '" + name + "' (DL4J "
            + "would deserialize it with Java serialization); refused");
      }
    }
  }

  private static String text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return null;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
