package org.blnspark.model.zoo;


import org.blnspark.model.convolution.InputConvolution;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The two networks of the paper, each with a normalisation layer at the paper's places. */
public final class PaperModels {
  private PaperModels() {}

  /**
   * The LeNet-style tanh CNN: conv 6@5×5 same → avgpool → norm → conv 16@5×5 → avgpool → norm →
   * dense 120 tanh → norm → dense 84 tanh → norm → softmax. Input is flat, {@code [m, h·w·c]}.
   */
  public static MultiLayerConfiguration lenet(ModelSettings settings, int height, int width, int channels) {
    NeuralNetConfiguration.ListBuilder list = base(settings).list();
    list.layer(new InputConvolution.Builder(5, 5).nOut(6).convolutionMode(ConvolutionMode.Same)
        .activation(Activation.TANH).build());
    list.layer(averagePool());
    addNormalization(list, settings);
    list.layer(new ConvolutionLayer.Builder(5, 5).nOut(16).convolutionMode(ConvolutionMode.Truncate)
        .activation(Activation.TANH).build());
    list.layer(averagePool());
    addNormalization(list, settings);
    list.layer(new DenseLayer.Builder().nOut(120).activation(Activation.TANH).build());
    addNormalization(list, settings);
    list.layer(new DenseLayer.Builder().nOut(84).activation(Activation.TANH).build());
    addNormalization(list, settings);
    list.layer(softmax(settings));
    return list.setInputType(InputType.convolutionalFlat(height, width, channels)).build();
  }

  /**
   * The text model: embedding → LSTM 128 → norm → LSTM 64 (last step) → norm → dense 32 tanh →
   * norm → softmax. Input is token ids, {@code [m, sequenceLength]}, with an optional mask of the
   * real tokens, which the LSTMs, the last-step layer and BLN follow.
   */
  public static MultiLayerConfiguration textClassifier(ModelSettings settings, int vocabularySize, int embeddingSize,
                                                       int sequenceLength) {
    NeuralNetConfiguration.ListBuilder list = base(settings).list();
    list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embeddingSize)
        .inputLength(sequenceLength).build());
    list.layer(lstm(128, settings));
    addRecurrentNormalization(list, settings);
    list.layer(new LastTimeStep(lstm(64, settings)));
    addNormalization(list, settings);
    list.layer(new DenseLayer.Builder().nOut(32).activation(Activation.TANH).build());
    addNormalization(list, settings);
    list.layer(softmax(settings));
    // The embedding's nIn is the vocabulary size, not the input width, so InputType must not override it.
    return list.setInputType(InputType.recurrent(1, sequenceLength)).overrideNinUponBuild(false).build();
  }

  /** A small MLP for tabular data: dense 64 tanh → norm → dense 32 tanh → norm → softmax. */
  public static MultiLayerConfiguration mlp(ModelSettings settings, int features) {
    NeuralNetConfiguration.ListBuilder list = base(settings).list();
    list.layer(new DenseLayer.Builder().nOut(64).activation(Activation.TANH).build());
    addNormalization(list, settings);
    list.layer(new DenseLayer.Builder().nOut(32).activation(Activation.TANH).build());
    addNormalization(list, settings);
    list.layer(softmax(settings));
    return list.setInputType(InputType.feedForward(features)).build();
  }

  private static NeuralNetConfiguration.Builder base(ModelSettings settings) {
    return new NeuralNetConfiguration.Builder().seed(settings.seed()).weightInit(WeightInit.XAVIER)
        .updater(settings.adam());
  }

  private static void addNormalization(NeuralNetConfiguration.ListBuilder list, ModelSettings settings) {
    Layer norm = settings.normalization().newLayer(settings.axes(), settings.eps(), settings.bnDecay());
    if (norm != null) {
      list.layer(norm);
    }
  }

  /**
   * DL4J 1.0.0-M2's BatchNormalization has no recurrent mode, so it sees the sequence flattened to
   * {@code [m·T, d]}: one statistic per feature over batch and time, as Keras's BatchNormalization
   * does on {@code [m, T, d]} in the paper's code.
   */
  private static void addRecurrentNormalization(NeuralNetConfiguration.ListBuilder list, ModelSettings settings) {
    if (settings.normalization() == Normalization.BN) {
      list.inputPreProcessor(list.getLayerwise().size(), new RnnToFeedForwardPreProcessor());
    }
    addNormalization(list, settings);
  }

  /** An LSTM whose inputs are dropped at Keras's rate {@code settings.dropout()}; DL4J takes the share kept. */
  private static LSTM lstm(int units, ModelSettings settings) {
    LSTM.Builder lstm = new LSTM.Builder().nOut(units).activation(Activation.TANH);
    if (settings.dropout() > 0) {
      lstm.dropOut(1 - settings.dropout());
    }
    return lstm.build();
  }

  private static SubsamplingLayer averagePool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build();
  }

  private static OutputLayer softmax(ModelSettings settings) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(settings.classes())
        .activation(Activation.SOFTMAX).build();
  }
}
