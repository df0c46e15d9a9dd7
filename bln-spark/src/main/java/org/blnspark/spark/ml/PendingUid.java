package org.blnspark.spark.ml;

/**
 * A Spark ML stage's uid, handed over before the stage's Scala superclass runs. Spark's params
 * traits create their params in that superclass's constructor, and a param asks its owner for its
 * uid there; Scala assigns a class parameter's field before calling the superclass, Java cannot.
 * The stage's constructor holds the uid here first ({@link #hold}), its {@code uid()} reads it
 * while its own field is still unset, and it takes it over once the superclass has run.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  /** Holds {@code uid} for the constructor about to run on this thread; returns a token for it. */
  static PendingUid hold(String uid) {
    PENDING.set(uid);
    return new PendingUid();
  }

  /** The uid held for the constructor running on this thread. */
  static String current() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("a stage's uid was asked for before its constructor held one");
    }
    return uid;
  }

  /** Ends the hold; returns the uid. */
  String release() {
    String uid = current();
    PENDING.remove();
    return uid;
  }
}
