package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingStateTest {
  @Test
  void parametersAndUpdaterStateSurviveTheWireAndReachAnotherNetwork() throws Exception {
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      MultiLayerNetwork source = LocalSpark.network(4).convertDataType(type);
      source.fit(LocalSpark.examples(8, 4).get(0).copy());
      INDArray updater = source.getUpdater().getStateViewArray();
      assertThat(updater.sumNumber().doubleValue()).as("Adam's moments after a step").isNotZero();

      TrainingState received = overTheWire(TrainingState.of(source));
      MultiLayerNetwork target = LocalSpark.network(5).convertDataType(type);
      received.applyTo(target);

      assertThat(target.params().toDoubleVector()).as("%s parameters", type)
          .containsExactly(source.params().toDoubleVector());
      assertThat(target.getUpdater().getStateViewArray().toDoubleVector()).as("%s updater state", type)
          .containsExactly(updater.toDoubleVector());
      assertThat(received.bytes()).isEqualTo((source.params().length() + updater.length()) * type.width());
    }
  }

  @Test
  void aSumDividedByItsCountIsTheMean() {
    MultiLayerNetwork a = LocalSpark.network(6);
    MultiLayerNetwork b = LocalSpark.network(7);
    TrainingState mean = TrainingState.of(a).add(TrainingState.of(b));
    mean.divideBy(2);
    MultiLayerNetwork target = LocalSpark.network(8);
    mean.applyTo(target);
    assertThat(target.params()).isEqualTo(a.params().add(b.params()).divi(2));
  }

  private static TrainingState overTheWire(TrainingState state) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (TrainingState) in.readObject();
    }
  }
}
