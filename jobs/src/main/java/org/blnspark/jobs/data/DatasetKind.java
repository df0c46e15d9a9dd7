package org.blnspark.jobs.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.blnspark.model.BadInputException;

/** The raw datasets {@link DatasetPreparer} knows how to read. */
public enum DatasetKind {
  /** 28x28 grey images of clothing in 10 classes, from the four gzip IDX files. */
  FASHION_MNIST,
  /** E-mails labelled spam (1) or ham (0), one JSON file per message. */
  SPAM_ASSASSIN,
  /** A user's own labelled examples in CSV or Parquet; see {@link DatasetReader#readUserData}. */
  USER;

  /**
   * The name used on the command line, in {@code _bln_dataset.json} and for the cache directory of
   * bin/fetch-data: "fashion-mnist", "spam-assassin".
   */
  @JsonValue
  public String externalName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Where bin/fetch-data left this dataset: under $BLN_DATA_DIR, or ~/.cache/bln-spark, in a
   * directory of the external name. Fails with a message naming the fix when it is not there.
   */
  public Path fetchedRawDirectory() {
    if (this == USER) {
      throw new IllegalStateException("a user's own dataset is not fetched");
    }
    String cache = System.getenv("BLN_DATA_DIR");
    Path root = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "bln-spark");
    Path dir = root.resolve(externalName());
    if (!Files.isDirectory(dir)) {
      throw new BadInputException("no raw dataset at " + dir + "; run bin/fetch-data first, or pass --raw");
    }
    return dir;
  }

  /** Accepts the external name or the constant name, in any case. */
  @JsonCreator
  public static DatasetKind parse(String name) {
    String wanted = name == null ? "" : name.trim().replace('_', '-');
    for (DatasetKind kind : values()) {
      if (kind.externalName().equalsIgnoreCase(wanted)) {
        return kind;
      }
    }
    throw new BadInputException("unknown dataset '" + name + "'; valid names: "
        + Arrays.stream(values()).map(DatasetKind::externalName).collect(Collectors.joining(", ")));
  }
}
