package org.blnspark.model.kernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The values of a row-major ND4J array, read and written where they lie, in its own precision:
 * the kernel works on the network's buffers in place instead of copying them to Java arrays and
 * back, and accumulates in double whatever the network's type.
 */
public abstract sealed class Elements permits Elements.Floats, Elements.Doubles {
  /**
   * The array whose memory the view reads: ND4J's NIO view does not keep it alive. A row-major copy
   * made only for the kernel was otherwise collected in the middle of a backward pass, JavaCPP freed
   * its memory, and the JVM died reading it (SIGSEGV in the ResNet test, 2026-12-03).
   */
  private final INDArray owner;

  Elements(INDArray owner) {
    this.owner = owner;
  }

  public abstract double get(int k);

  public abstract void set(int k, double value);

  /**
   * The elements of {@code array}, which must be row-major with its shape's default strides, as
   * {@link #isRowMajor} tells. ND4J's NIO view of a view's buffer starts where the underlying
   * buffer does (measured: a [3, 4] slice of a [2, 3, 4] array has offset 12 and a view of
   * capacity 24), so element k sits at {@code offset + k}.
   */
  public static Elements of(INDArray array) {
    if (!isRowMajor(array)) {
      throw new IllegalArgumentException("not a row-major array with default strides: " + array.shapeInfoToString());
    }
    int offset = Math.toIntExact(array.offset());
    if (array.dataType() == DataType.FLOAT) {
      FloatBuffer buffer = array.data().asNioFloat();
      requireCapacity(buffer.capacity(), offset, array);
      return new Floats(array, buffer, offset);
    }
    DoubleBuffer buffer = array.data().asNioDouble();
    requireCapacity(buffer.capacity(), offset, array);
    return new Doubles(array, buffer, offset);
  }

  /** True when {@link #of} can read the array in place; otherwise a row-major copy is needed. */
  public static boolean isRowMajor(INDArray array) {
    boolean contiguous = array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
        // ND4J may call a vector view 'f'-ordered; with a unit stride its order does not matter.
        || array.isVectorOrScalar() && array.elementWiseStride() == 1;
    return contiguous && (array.dataType() == DataType.FLOAT || array.dataType() == DataType.DOUBLE);
  }

  private static void requireCapacity(int capacity, int offset, INDArray array) {
    if (capacity < offset + array.length()) {
      throw new IllegalStateException("ND4J's buffer of " + capacity + " elements cannot hold " + array.length()
          + " from offset " + offset);
    }
  }

  static final class Floats extends Elements {
    private final FloatBuffer buffer;
    private final int offset;

    Floats(INDArray owner, FloatBuffer buffer, int offset) {
      super(owner);
      this.buffer = buffer;
      this.offset = offset;
    }

    @Override
    public double get(int k) {
      return buffer.get(offset + k);
    }

    @Override
    public void set(int k, double value) {
      buffer.put(offset + k, (float) value);
    }
  }

  static final class Doubles extends Elements {
    private final DoubleBuffer buffer;
    private final int offset;

    Doubles(INDArray owner, DoubleBuffer buffer, int offset) {
      super(owner);
      this.buffer = buffer;
      this.offset = offset;
    }

    @Override
    public double get(int k) {
      return buffer.get(offset + k);
    }

    @Override
    public void set(int k, double value) {
      buffer.put(offset + k, value);
    }
  }
}
