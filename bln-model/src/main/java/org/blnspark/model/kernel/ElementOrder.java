package org.blnspark.model.kernel;

/**
 * How the elements of a {@code [m, d, P]} array lie in memory. The kernel reads both in place: DL4J's
 * dense and convolutional activations are row-major, its recurrent ones column-major, and a copy
 * between the two on every call (then a strided read of the copy by the next LSTM) cost the text
 * model more than BLN's arithmetic did (docs/benchmarks.md, "The anchor").
 */
public enum ElementOrder {
  /** Row-major ('c'): element (i, c, p) at {@code (i·d + c)·P + p}. */
  SAMPLE_MAJOR('c'),
  /** Column-major ('f'), for ranks up to 3: element (i, c, p) at {@code (p·d + c)·m + i}. */
  POSITION_MAJOR('f');

  private final char ordering;

  ElementOrder(char ordering) {
    this.ordering = ordering;
  }

  /** ND4J's name of this order, for allocating an array laid out like another. */
  public char ordering() {
    return ordering;
  }
}
