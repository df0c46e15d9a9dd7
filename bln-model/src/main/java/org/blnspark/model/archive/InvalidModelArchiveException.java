package org.blnspark.model.archive;

/** A model zip that cannot be read as a network of this project: not a model, unsafe, or of an older format. */
public class InvalidModelArchiveException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidModelArchiveException(String message) {
    super(message);
  }

  public InvalidModelArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
