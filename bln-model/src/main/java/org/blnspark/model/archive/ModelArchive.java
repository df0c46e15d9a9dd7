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
import org.blnspark.model.zoo.NetworkConfiguration;
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

  /**
   * The most a model zip may hold, checked before DL4J reads it: DL4J 1.0.0-M2 reads every entry
   * whole into memory ({@code ModelSerializer.loadZipData}), so a small zip that inflates to many
   * GB (a zip bomb) would exhaust the heap.
   *
   * @param entryBytes the largest uncompressed entry
   * @param totalBytes the largest zip, and the largest sum of its uncompressed entries
   */
  public record Limits(long entryBytes, long totalBytes) {
    /** One entry is one Java array in DL4J, so at most 2 GiB; a text model's parameters and updater state take hundreds of MB. */
    public static final Limits DEFAULT = new Limits(1L << 30, 2L << 30);
  }

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
    return read(in, withUpdater, Limits.DEFAULT);
  }

  /** As {@link #read(InputStream, boolean)}, within {@code limits}. */
  public static Contents read(InputStream in, boolean withUpdater, Limits limits) throws IOException {
    Path local = Files.createTempFile("bln-model", ".zip");
    try {
      try (OutputStream copy = Files.newOutputStream(local)) {
        // Copied no further than one byte past the limit, which read(Path) then refuses.
        copyAtMost(in, copy, limits.totalBytes());
      }
      return read(local, withUpdater, limits);
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
    return read(local, withUpdater, Limits.DEFAULT);
  }

  /** As {@link #read(Path, boolean)}, within {@code limits}. */
  public static Contents read(Path local, boolean withUpdater, Limits limits) throws IOException {
    if (Files.size(local) > limits.totalBytes()) {
      throw new InvalidModelArchiveException("larger than the limit of " + limits.totalBytes() + " bytes for a "
          + "model zip");
    }
    String metadata;
    boolean graph;
    try (ZipFile zip = new ZipFile(local.toFile())) {
      requireOnlyKnownEntries(zip);
      requireWithin(zip, limits);
      String configuration = text(zip, ModelSerializer.CONFIGURATION_JSON);
      if (configuration == null) {
        throw new InvalidModelArchiveException("not a DL4J model: it has no " + ModelSerializer.CONFIGURATION_JSON);
      }
      if (configuration.contains("\"populationCollected\"")) {
        throw new InvalidModelArchiveException("written by bln-spark 0.1, whose BLN layers kept their learned "
            + "state in the configuration; train it again with this version");
      }
      try {
        graph = NetworkConfiguration.isGraph(configuration);
      } catch (IllegalArgumentException e) {
        throw new InvalidModelArchiveException(ModelSerializer.CONFIGURATION_JSON + " is " + e.getMessage(), e);
      }
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

  /**
   * Refuses a zip whose entries, as declared or as they really inflate, exceed {@code limits}. Each
   * entry is inflated here into nothing, so that a declared size that lies is found out too, in
   * constant memory.
   */
  private static void requireWithin(ZipFile zip, Limits limits) throws IOException {
    long total = 0;
    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
      ZipEntry entry = entries.nextElement();
      long declared = entry.getSize();
      if (declared < 0 || declared > limits.entryBytes()) {
        throw new InvalidModelArchiveException("entry '" + entry.getName() + "' declares " + declared + " bytes "
            + "uncompressed; the limit is " + limits.entryBytes());
      }
      total += declared;
      if (total > limits.totalBytes()) {
        throw new InvalidModelArchiveException("its entries declare more than the limit of " + limits.totalBytes()
            + " bytes uncompressed");
      }
      long inflated;
      try (InputStream in = zip.getInputStream(entry)) {
        inflated = copyAtMost(in, OutputStream.nullOutputStream(), declared);
      }
      if (inflated != declared) {
        throw new InvalidModelArchiveException("entry '" + entry.getName() + "' inflates to "
            + (inflated > declared ? "more than " : "") + inflated + " bytes, not the " + declared + " it declares");
      }
    }
  }

  /** Copies until {@code in} ends or more than {@code limit} bytes went; returns how many went. */
  private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    for (int n = in.read(buffer); n >= 0 && copied <= limit; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
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
