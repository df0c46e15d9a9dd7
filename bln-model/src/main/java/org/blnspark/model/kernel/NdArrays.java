package org.blnspark.model.kernel;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves values between ND4J arrays and Java double arrays in Java code, not with ND4J ops: at a
 * normalisation layer's sizes one native op (a dup, a cast, an assign) costs more than all of the
 * layer's arithmetic, which is what made the first version of the layer slow.
 */
public final class NdArrays {
  private NdArrays() {}

  /** All of {@code array}'s values in row-major order. */
  public static double[] toDoubles(INDArray array) {
    if (isWholeRowMajorBuffer(array)) {
      return array.data().asDouble();
    }
    if (array.isVector() && array.elementWiseStride() > 0) {
      // A view into a larger buffer, such as a parameter in the network's flat parameter vector;
      // ND4J gives a view its own buffer, which starts at the view's first element.
      return array.data().getDoublesAt(0, array.elementWiseStride(), (int) array.length());
    }
    return array.dup('c').data().asDouble();
  }

  /** A new row-major array of the given shape and type holding {@code values}. */
  public static INDArray fromDoubles(double[] values, long[] shape, DataType type) {
    return switch (type) {
      case DOUBLE -> Nd4j.create(values, shape, 'c');
      case FLOAT -> {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
          floats[i] = (float) values[i];
        }
        yield Nd4j.create(floats, shape, 'c');
      }
      default -> Nd4j.create(values, shape, 'c').castTo(type);
    };
  }

  /** Writes {@code values} into a vector with an element-wise stride, such as a view of the flattened gradient. */
  public static void copyInto(double[] values, INDArray vector) {
    long stride = vector.elementWiseStride();
    if (!vector.isVector() || stride < 1 || vector.length() != values.length) {
      throw new IllegalArgumentException("not a strided vector of " + values.length + ": " + vector.shapeInfoToString());
    }
    DataBuffer buffer = vector.data();
    for (int i = 0; i < values.length; i++) {
      buffer.put(i * stride, values[i]);
    }
  }

  /** True when the array's buffer holds exactly its values, in row-major order. */
  private static boolean isWholeRowMajorBuffer(INDArray array) {
    return array.ordering() == 'c' && array.offset() == 0 && array.data().length() == array.length()
        && Shape.hasDefaultStridesForShape(array);
  }
}
