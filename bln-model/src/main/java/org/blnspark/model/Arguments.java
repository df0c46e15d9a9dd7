package org.blnspark.model;

/** The one statement of the project's lower-bound rule for a count, with its one wording. */
public final class Arguments {
  private Arguments() {}

  /**
   * Returns {@code value}, or fails with "WHAT must be at least MIN, got VALUE".
   *
   * @throws IllegalArgumentException when {@code value < min}
   */
  public static long requireAtLeast(long min, long value, String what) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
    }
    return value;
  }
}
