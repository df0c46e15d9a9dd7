package org.blnspark.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ElementsTest {
  /**
   * The kernel reads arrays that only it references, such as a row-major copy of a layer's input.
   * If they were collected while their elements were still read, JavaCPP would free the memory
   * under the view, and the JVM would crash on the next read.
   */
  @Test
  void theElementsKeepTheirArrayAliveForAsLongAsTheyAreUsed() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray temporary = Nd4j.arange(1, 25).castTo(type).reshape(2, 3, 4).dup('c');
      WeakReference<INDArray> array = new WeakReference<>(temporary);
      Elements elements = Elements.of(temporary);
      temporary = null;
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      assertThat(array.get()).as("%s array while its elements are in use", type).isNotNull();
      double[] values = new double[24];
      elements.read(values);
      assertThat(values[23]).isEqualTo(24.0);
      Reference.reachabilityFence(elements);
    }
  }

  @Test
  void aViewIsReadAndWrittenFromItsOffset() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray whole = Nd4j.arange(1, 25).castTo(type).reshape(2, 3, 4);
      Elements second = Elements.of(whole.slice(1));
      double[] values = new double[12];
      second.read(values);
      assertThat(values[0]).isEqualTo(13.0);
      values[11] = -1;
      second.write(values);
      assertThat(whole.getDouble(1, 2, 3)).isEqualTo(-1.0);
      assertThat(whole.getDouble(0, 2, 3)).as("the first slice").isEqualTo(12.0);
    }
  }

  @Test
  void columnMajorArraysAreReadInPlaceUpToRankThree() {
    INDArray sequence = Nd4j.linspace(1, 24, 24, DataType.FLOAT).reshape(2, 3, 4).dup('f');
    assertThat(Elements.orderOf(sequence)).isEqualTo(ElementOrder.POSITION_MAJOR);
    double[] values = new double[24];
    Elements.of(sequence).read(values);
    // (i, c, p) at (p·d + c)·m + i
    assertThat(values[(3 * 3 + 2) * 2 + 1]).isEqualTo(sequence.getDouble(1, 2, 3));
    assertThat(Elements.orderOf(sequence.dup('c'))).isEqualTo(ElementOrder.SAMPLE_MAJOR);
    assertThat(Elements.orderOf(Nd4j.zeros(DataType.FLOAT, 2, 3, 2, 2).dup('f'))).isNull();
    assertThat(Elements.orderOf(sequence.permute(0, 2, 1))).isNull();
    assertThat(Elements.orderOf(sequence.castTo(DataType.HALF))).isNull();
  }
}
