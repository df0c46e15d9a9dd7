package org.blnspark.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What parameter averaging sends each round, both ways: a network's parameters and its updater's
 * state, the BLN layers' population parameters among them, as one flat array.
 *
 * <p>It travels as its raw bytes. ND4J's own Java serialization writes an array one element at a
 * time through a {@code DataOutputStream}, and with three arrays a round (parameters, Adam's two
 * moments) that showed up in every round's profile, on the driver and on the executors. The bytes
 * are in the platform's order, which every JVM of a cluster shares on x86-64 and AArch64.
 */
final class TrainingState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many of the values are parameters; the updater's state follows them. */
  private final long parameters;
  private transient INDArray values;

  private TrainingState(long parameters, INDArray values) {
    this.parameters = parameters;
    this.values = values;
  }

  /** A copy of {@code net}'s parameters and updater state. */
  static TrainingState of(Model net) {
    INDArray params = net.params();
    INDArray updater = BlnNetwork.of(net).updaterState();
    long updaterLength = updater == null ? 0 : updater.length();
    INDArray values = Nd4j.create(params.dataType(), params.length() + updaterLength);
    values.get(NDArrayIndex.interval(0, params.length())).assign(params.reshape(params.length()));
    if (updater != null) {
      values.get(NDArrayIndex.interval(params.length(), params.length() + updaterLength))
          .assign(updater.reshape(updaterLength));
    }
    return new TrainingState(params.length(), values);
  }

  /** Sets {@code net}'s parameters and updater state to these. */
  void applyTo(Model net) {
    INDArray params = net.params();
    params.assign(values.get(NDArrayIndex.interval(0, parameters)).reshape(params.shape()));
    INDArray updater = BlnNetwork.of(net).updaterState();
    if (updater != null) {
      updater.assign(values.get(NDArrayIndex.interval(parameters, values.length())).reshape(updater.shape()));
    }
  }

  /** Adds {@code other}'s values to these, in place, and returns this. */
  TrainingState add(TrainingState other) {
    values.addi(other.values);
    return this;
  }

  /** Divides the values by {@code count}, in place: a sum of {@code count} states becomes their mean. */
  void divideBy(int count) {
    values.divi(count);
  }

  /** The bytes this state puts on the wire, besides Java serialization's few of its own. */
  long bytes() {
    return values.length() * values.dataType().width();
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeUTF(values.dataType().name());
    out.writeLong(values.length());
    byte[] raw = new byte[Math.toIntExact(bytes())];
    values.data().asNio().get(raw);
    out.write(raw);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    DataType type = DataType.valueOf(in.readUTF());
    long length = in.readLong();
    values = Nd4j.create(type, length);
    byte[] raw = new byte[Math.toIntExact(length * type.width())];
    in.readFully(raw);
    values.data().asNio().put(raw);
  }
}
