package org.blnspark.jobs;

/**
 * Input the user can fix: a missing or malformed file, an impossible setting, an unwritable path.
 * The command line prints its message as one line and exits with code 2.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
