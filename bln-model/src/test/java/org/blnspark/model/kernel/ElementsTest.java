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
      INDArray temporary = Nd4j.linspace(1, 24, 24, type).reshape(2, 3, 4).dup('c');
      WeakReference<INDArray> array = new WeakReference<>(temporary);
      Elements elements = Elements.of(temporary);
      temporary = null;
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      assertThat(array.get()).as("%s array while its elements are in use", type).isNotNull();
      assertThat(elements.get(23)).isEqualTo(24.0);
      Reference.reachabilityFence(elements);
    }
  }

  @Test
  void aViewIsReadFromItsOffset() {
    INDArray whole = Nd4j.linspace(1, 24, 24, DataType.FLOAT).reshape(2, 3, 4);
    Elements second = Elements.of(whole.slice(1));
    assertThat(second.get(0)).isEqualTo(13.0);
    second.set(11, -1);
    assertThat(whole.getDouble(1, 2, 3)).isEqualTo(-1.0);
  }
}
