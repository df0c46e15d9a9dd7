package org.blnspark.jobs.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.blnspark.jobs.BadInputException;

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
