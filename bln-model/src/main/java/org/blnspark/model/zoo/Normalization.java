package org.blnspark.model.zoo;

import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.Mixing;
import org.blnspark.model.StatisticsAxes;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/** The normalisation a model builder inserts at each of its normalisation points. */
public enum Normalization {
  /** Batch Layer Normalization, this project's layer. */
  BLN,
  /** DL4J's own {@link BatchNormalization}. */
  BN,
  /** Layer normalisation: {@link BatchLayerNormalization} with {@link Mixing#LAYER}. */
  LN,
  /** No normalisation layer. */
  NONE;

  /** A new normalisation layer, or null for {@link #NONE}; {@code bnDecay} is DL4J BN's decay. */
  Layer newLayer(StatisticsAxes axes, double eps, double bnDecay) {
    return switch (this) {
      case BLN -> new BatchLayerNormalization.Builder().axes(axes).eps(eps).build();
      case BN -> new BatchNormalization.Builder().eps(eps).decay(bnDecay).build();
      case LN -> new BatchLayerNormalization.Builder().mixing(Mixing.LAYER).axes(axes).eps(eps).build();
      case NONE -> null;
    };
  }
}
