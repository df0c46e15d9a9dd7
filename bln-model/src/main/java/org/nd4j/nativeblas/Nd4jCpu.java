package org.nd4j.nativeblas;

import java.util.Set;

/**
 * The name under which DL4J 1.0.0-M2 looks for ND4J's native environment before it uses its oneDNN
 * helpers for convolution, pooling and batch normalisation.
 *
 * <p>DL4J M2's {@code BaseMKLDNNHelper.mklDnnEnabled()} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by reflection and calls {@code isUseMKLDNN()}. ND4J M2 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed the method {@code isUseONEDNN()},
 * so the lookup fails and every oneDNN helper stays off, even in ND4J's oneDNN build. This class
 * answers the old name with the real environment's answer: on a build without oneDNN it says no,
 * and DL4J keeps its own implementations.
 *
 * <p>It says yes only to the convolution and pooling helpers. DL4J's oneDNN batch-normalisation
 * helper gave wrong training-mode outputs (off by up to 2.7 after the text model's first LSTM, where
 * DL4J's own layer matched a hand computation to 2e-7), so BN keeps DL4J's own implementation;
 * {@code OneDnnHelpersTest} checks both. The helpers also need
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false} ({@code conf/java17.args}), since M2
 * turns them off by default.
 *
 * <p>Measured on LeNet's convolutional step, batch 25, one thread (docs/benchmarks.md): 2.2× faster
 * than DL4J's im2col path. {@code OneDnnHelpersTest} checks that the helpers give DL4J's own
 * outputs and gradients on every built-in network.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** What DL4J M2 asks of the environment: whether ND4J runs oneDNN. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();
    /** The helpers whose outputs and gradients {@code OneDnnHelpersTest} checks against DL4J's own. */
    private static final Set<String> VERIFIED_HELPERS = Set.of(
        "org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper",
        "org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper");
    private static final String ASKER = "org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper";

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** True when ND4J runs oneDNN and the helper asking, through DL4J's check, is a verified one. */
    public boolean isUseMKLDNN() {
      return askedForVerifiedHelper()
          && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }

    /** DL4J asks once per helper it builds: the frame below its check names the helper. */
    private static boolean askedForVerifiedHelper() {
      return StackWalker.getInstance().walk(frames -> frames
          .dropWhile(frame -> !frame.getClassName().equals(ASKER))
          .dropWhile(frame -> frame.getClassName().equals(ASKER))
          .findFirst()
          .map(frame -> VERIFIED_HELPERS.contains(frame.getClassName()))
          .orElse(false));
    }
  }
}
