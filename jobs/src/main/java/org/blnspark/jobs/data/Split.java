package org.blnspark.jobs.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.blnspark.model.BadInputException;

/** The three parts of a prepared dataset, as its {@code split} column names them. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  /** The value of the {@code split} column, and the name on the command line: "train", "validation", "test". */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The split a user named. */
  public static Split parse(String name) {
    for (Split split : values()) {
      if (split.value().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return split;
      }
    }
    throw new BadInputException("unknown split '" + name + "'; valid splits: "
        + Arrays.stream(values()).map(Split::value).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return value();
  }
}
