package org.blnspark.model.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.blnspark.model.onnx.proto.OnnxMl.AttributeProto;
import org.blnspark.model.onnx.proto.OnnxMl.GraphProto;
import org.blnspark.model.onnx.proto.OnnxMl.NodeProto;
import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;
import org.blnspark.model.onnx.proto.OnnxMl.TensorShapeProto;
import org.blnspark.model.onnx.proto.OnnxMl.TypeProto;
import org.blnspark.model.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * An ONNX graph as it is built: its nodes in the order added (which is a topological order, since
 * every node's inputs exist when it is added), its constants, inputs and outputs. Every value gets
 * a name of its own, so that translators never need to agree on names.
 */
final class OnnxGraph {
  /** The name of the batch dimension of every input and output. */
  static final String BATCH = "batch";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A fresh value name beginning with {@code hint}. */
  String name(String hint) {
    String base = hint.replaceAll("[^A-Za-z0-9_.-]", "_");
    String name = base;
    for (int i = 1; !names.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** Adds a node of {@code op} on {@code inputs} with one output, named after {@code hint}, and returns that name. */
  String node(String op, String hint, List<String> inputs, AttributeProto... attributes) {
    String output = name(hint);
    nodeWithOutputs(op, inputs, List.of(output), attributes);
    return output;
  }

  /** Adds a node with the given output names, which must come from {@link #name}. */
  void nodeWithOutputs(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(outputs.get(0) + "/" + op)
        .addAllInput(inputs).addAllOutput(outputs);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
  }

  /** A float constant of shape {@code dims}, row-major. */
  String floats(String hint, long[] dims, float[] values) {
    requireSize(dims, values.length);
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return initializer(hint, dims, TensorProto.DataType.FLOAT, bytes);
  }

  /** An int64 constant of shape {@code dims}, row-major. */
  String longs(String hint, long[] dims, long[] values) {
    requireSize(dims, values.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return initializer(hint, dims, TensorProto.DataType.INT64, bytes);
  }

  /** A one-dimensional int64 constant, as Reshape's shape or an axes list. */
  String longs(String hint, long... values) {
    return longs(hint, new long[] {values.length}, values);
  }

  /** A float scalar. */
  String scalar(String hint, float value) {
    return floats(hint, new long[0], new float[] {value});
  }

  private String initializer(String hint, long[] dims, TensorProto.DataType type, ByteBuffer bytes) {
    String name = name(hint);
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    return name;
  }

  private static void requireSize(long[] dims, int length) {
    long size = 1;
    for (long dim : dims) {
      size *= dim;
    }
    if (size != length) {
      throw new IllegalArgumentException("a constant of " + length + " values cannot have shape "
          + java.util.Arrays.toString(dims));
    }
  }

  /** Declares a graph input; a negative dimension is the dynamic batch dimension. */
  String input(String name, TensorProto.DataType type, long... dims) {
    if (!names.add(name)) {
      throw new IllegalStateException("the name " + name + " is taken");
    }
    graph.addInput(valueInfo(name, type, dims));
    return name;
  }

  /** Declares {@code value} an output of the graph under {@code name}, through an Identity node. */
  void output(String value, String name, TensorProto.DataType type, long... dims) {
    if (!names.add(name)) {
      throw new IllegalStateException("the name " + name + " is taken");
    }
    nodeWithOutputs("Identity", List.of(value), List.of(name));
    graph.addOutput(valueInfo(name, type, dims));
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(dim < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto attribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto attribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto attribute(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  static AttributeProto attribute(String name, long... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  static AttributeProto attribute(String name, String... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.STRINGS);
    for (String value : values) {
      attribute.addStrings(ByteString.copyFromUtf8(value));
    }
    return attribute.build();
  }

  /** Inputs as a list, for {@link #node}. */
  static List<String> of(String... inputs) {
    return new ArrayList<>(List.of(inputs));
  }
}
