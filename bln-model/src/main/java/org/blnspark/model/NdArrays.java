package org.blnspark.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves values between ND4J arrays and Java double arrays in Java code, not with ND4J ops: at a
 * normalisation layer's sizes one native op (a dup, a cast, an assign) costs more than all of the
 * layer's arithmetic, which is what made the first version of the layer slow.
 */
final class NdArrays {
  private NdArrays() {}

  /** All of {@code array}'s values in row-major order. */
  static double[] toDoubles(INDArray array) {
    if (isWholeRowMajorBuffer(array)) {
      return array.data().asDouble();
    }
    if (array.isVector()) {
      double[] values = new double[(int) array.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = array.getDouble(i);
      }
      return values;
    }
    return array.dup('c').data().asDouble();
  }

  /** A new row-major array of the given shape and type holding {@code values}. */
  static INDArray fromDoubles(double[] values, long[] shape, DataType type) {
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

  /** Writes {@code values} into a vector, such as a view of the flattened gradient. */
  static void copyInto(double[] values, INDArray vector) {
    for (int i = 0; i < values.length; i++) {
      vector.putScalar(i, values[i]);
    }
  }

  /** True when the array's buffer holds exactly its values, in row-major order. */
  private static boolean isWholeRowMajorBuffer(INDArray array) {
    return array.ordering() == 'c' && array.offset() == 0 && array.data().length() == array.length()
        && Shape.hasDefaultStridesForShape(array);
  }
}
