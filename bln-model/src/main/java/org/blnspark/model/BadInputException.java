package org.blnspark.model;

/**
 * Input from outside the program that its user can fix: a missing or malformed file, a row that
 * does not fit the model, an impossible setting, an unwritable path. It is raised where such input
 * enters (options, files, data rows), so that a command line can print its message as one line
 * and exit with code 2, and tell it apart from a bug.
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
