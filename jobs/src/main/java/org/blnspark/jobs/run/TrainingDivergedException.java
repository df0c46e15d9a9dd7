package org.blnspark.jobs.run;

/**
 * A run whose loss or parameters stopped being finite. Its cause is the settings, not the code: the
 * command line prints the message as one line and exits with code 2, and no model is published.
 */
public class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
