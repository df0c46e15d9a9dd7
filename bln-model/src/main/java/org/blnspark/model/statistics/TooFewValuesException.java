package org.blnspark.model.statistics;

/**
 * Too few values were observed to estimate population statistics: a variance needs two. It is
 * the data's doing (too few examples, or mini-batches of one), so a caller that took the data
 * from a user can say so instead of reporting a bug.
 */
public class TooFewValuesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public TooFewValuesException(String message) {
    super(message);
  }
}
