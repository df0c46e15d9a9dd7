package org.blnspark.model.archive;

import org.blnspark.model.BadInputException;

/**
 * A model zip that cannot be read as a network of this project: not a model, unsafe, or of an older
 * format. The user can fix it by giving another file, so it is bad input.
 */
public class InvalidModelArchiveException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public InvalidModelArchiveException(String message) {
    super(message);
  }

  public InvalidModelArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
