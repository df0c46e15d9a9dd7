package org.blnspark.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.blnspark.model.kernel.Elements;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tensor layouts the layer accepts, and the move to and from the one layout the kernel works
 * in: a row-major {@code [m, d, P]} array, with the feature/channel axis second and every position
 * (time step, or h×w) flattened last. Channels-last inputs are transposed, so NWC and NHWC give
 * exactly the results of NCW and NCHW.
 */
public enum InputLayout {
  DENSE(2, false, null),
  NCW(3, false, null),
  NWC(3, false, new int[] {0, 2, 1}),
  NCHW(4, true, null),
  NHWC(4, true, new int[] {0, 3, 1, 2});

  private final int rank;
  private final boolean convolutional;
  /** Permutation from this layout to channels-first; null when already channels-first. */
  private final int[] toChannelsFirst;

  InputLayout(int rank, boolean convolutional, int[] toChannelsFirst) {
    this.rank = rank;
    this.convolutional = convolutional;
    this.toChannelsFirst = toChannelsFirst;
  }

  public int rank() {
    return rank;
  }

  public boolean isConvolutional() {
    return convolutional;
  }

  /**
   * The array's values as {@code [m, d, P]}: the array itself when the kernel can read it in place
   * ({@link Elements#orderOf}), else a row-major copy outside any workspace, which stays valid until
   * the backward pass.
   */
  INDArray toCanonical(INDArray x) {
    if (toChannelsFirst == null && Elements.orderOf(x) != null) {
      return x;
    }
    INDArray channelsFirst = toChannelsFirst == null ? x : x.permute(toChannelsFirst);
    DataType type = channelsFirst.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return channelsFirst.castTo(type).dup('c');
    }
  }

  /** An array in this layout, for DL4J, of the kernel's {@code [m, d, P]} result. */
  INDArray fromCanonical(INDArray canonical, LayerWorkspaceMgr workspaces, ArrayType type) {
    if (toChannelsFirst == null) {
      return canonical;
    }
    return workspaces.dup(type, canonical.permute(inverse(toChannelsFirst)), 'c');
  }

  /** The feature/channel axis of an array in this layout. */
  int channelAxis() {
    return toChannelsFirst == null ? Math.min(1, rank - 1) : rank - 1;
  }

  private static int[] inverse(int[] permutation) {
    int[] inverse = new int[permutation.length];
    for (int i = 0; i < permutation.length; i++) {
      inverse[permutation[i]] = i;
    }
    return inverse;
  }
}
