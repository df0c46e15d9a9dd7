package org.blnspark.model;

/**
 * Rows of token ids padded with id 0, and the features mask DL4J is given for them: the one rule
 * that training, scoring and the ONNX export share.
 */
public final class TokenPadding {
  /** The id of a padding step. */
  public static final float PADDING_ID = 0;

  private TokenPadding() {}

  /**
   * 1 for each real token, 0 for padding; a row of padding only keeps its last step, so that every
   * example has a step to be scored from.
   */
  public static float[] mask(float[] ids) {
    float[] mask = new float[ids.length];
    boolean any = false;
    for (int t = 0; t < ids.length; t++) {
      mask[t] = ids[t] != PADDING_ID ? 1 : 0;
      any |= ids[t] != PADDING_ID;
    }
    if (!any && ids.length > 0) {
      mask[ids.length - 1] = 1;
    }
    return mask;
  }
}
