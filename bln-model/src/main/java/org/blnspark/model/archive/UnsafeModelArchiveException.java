package org.blnspark.model.archive;

/** A model zip that holds an entry DL4J would deserialize with Java serialization, and so could run code. */
public class UnsafeModelArchiveException extends InvalidModelArchiveException {
  private static final long serialVersionUID = 1L;

  public UnsafeModelArchiveException(String message) {
    super(message);
  }
}
