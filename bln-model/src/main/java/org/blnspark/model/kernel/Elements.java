package org.blnspark.model.kernel;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The values of an ND4J array laid out as an {@link ElementOrder}, read and written where they lie,
 * in its own precision: the kernel copies them into its double working arrays and back in one plain
 * loop each, instead of ND4J ops or a virtual call per element in its sweeps.
 */
public abstract sealed class Elements permits Elements.Floats, Elements.Doubles {
  /**
   * The array whose memory the view reads: ND4J's NIO view does not keep it alive. A row-major copy
   * made only for the kernel was otherwise collected in the middle of a backward pass, JavaCPP freed
   * its memory, and the JVM died reading it (SIGSEGV in the ResNet test, 2026-12-03).
   */
  @SuppressWarnings({"unused", "FieldCanBeLocal"})
  private final INDArray owner;
  private final ElementOrder order;
  final int offset;
  final int length;

  /** {@code capacity}: of ND4J's NIO view of the owner's buffer, which must hold its elements. */
  Elements(INDArray owner, ElementOrder order, int capacity) {
    this.owner = owner;
    this.order = order;
    this.offset = Math.toIntExact(owner.offset());
    this.length = Math.toIntExact(owner.length());
    if (capacity < (long) offset + length) {
      throw new IllegalStateException("ND4J's buffer of " + capacity + " elements cannot hold values up to "
          + ((long) offset + length));
    }
  }

  public ElementOrder order() {
    return order;
  }

  public int length() {
    return length;
  }

  /** Copies the values, in memory order, into the first {@link #length} slots of {@code into}. */
  public abstract void read(double[] into);

  /** Writes the first {@link #length} values of {@code values}, in memory order. */
  public abstract void write(double[] values);

  /**
   * The elements of {@code array}, which must be laid out as {@link #orderOf} tells. ND4J's NIO view
   * of a view's buffer starts where the underlying buffer does (measured: a [3, 4] slice of a
   * [2, 3, 4] array has offset 12 and a view of capacity 24), so element k sits at {@code offset + k}.
   */
  public static Elements of(INDArray array) {
    ElementOrder order = orderOf(array);
    if (order == null) {
      throw new IllegalArgumentException("not a float or double array with default row- or column-major strides: "
          + array.shapeInfoToString());
    }
    return array.dataType() == DataType.FLOAT ? new Floats(array, order, array.data().asNioFloat())
        : new Doubles(array, order, array.data().asNioDouble());
  }

  /**
   * How the kernel can read {@code array} in place, or null when it needs a row-major copy: a float or
   * double array with the default strides of 'c' order, or of 'f' order up to rank 3, where the
   * positions are one axis (a 4D 'f' array numbers h·w differently from the row-major population
   * statistics).
   */
  public static ElementOrder orderOf(INDArray array) {
    if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE) {
      return null;
    }
    // ND4J may call a vector view 'f'-ordered; with a unit stride its order does not matter.
    if (array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
        || array.isVectorOrScalar() && array.elementWiseStride() == 1) {
      return ElementOrder.SAMPLE_MAJOR;
    }
    return array.ordering() == 'f' && array.rank() <= 3 && Shape.hasDefaultStridesForShape(array)
        ? ElementOrder.POSITION_MAJOR : null;
  }

  static final class Floats extends Elements {
    private final FloatBuffer buffer;

    Floats(INDArray owner, ElementOrder order, FloatBuffer buffer) {
      super(owner, order, buffer.capacity());
      this.buffer = buffer;
    }

    @Override
    public void read(double[] into) {
      for (int k = 0; k < length; k++) {
        into[k] = buffer.get(offset + k);
      }
      Reference.reachabilityFence(this);
    }

    @Override
    public void write(double[] values) {
      for (int k = 0; k < length; k++) {
        buffer.put(offset + k, (float) values[k]);
      }
      Reference.reachabilityFence(this);
    }
  }

  static final class Doubles extends Elements {
    private final DoubleBuffer buffer;

    Doubles(INDArray owner, ElementOrder order, DoubleBuffer buffer) {
      super(owner, order, buffer.capacity());
      this.buffer = buffer;
    }

    @Override
    public void read(double[] into) {
      buffer.get(offset, into, 0, length);
      Reference.reachabilityFence(this);
    }

    @Override
    public void write(double[] values) {
      buffer.put(offset, values, 0, length);
      Reference.reachabilityFence(this);
    }
  }
}
