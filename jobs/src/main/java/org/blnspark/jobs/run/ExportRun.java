package org.blnspark.jobs.run;

import java.util.List;
import java.util.stream.Collectors;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.onnx.OnnxExport;
import org.blnspark.model.onnx.UnsupportedNetworkException;
import org.blnspark.model.BadInputException;
import org.deeplearning4j.nn.api.Model;

/**
 * {@code bln export}: a model written by {@code bln train} as an ONNX file, under a
 * batch-independent inference configuration, written whole or not at all.
 */
public final class ExportRun {
  /**
   * @param inference the configuration asked for; null for the model's own
   * @param overwrite replace an existing output
   */
  public record Request(String model, String output, StatisticSources inference, boolean overwrite) {}

  /** What was written: the configuration exported and how many BLN layers it applies to. */
  public record Outcome(StatisticSources inference, int blnLayers) {}

  private ExportRun() {}

  public static Outcome run(HadoopFiles files, Request request) {
    if (!request.overwrite() && files.exists(request.output())) {
      throw new BadInputException(request.output() + " exists; give --overwrite to replace it");
    }
    ModelFile.Loaded loaded = ModelFile.read(files, request.model(), false);
    boolean masked = loaded.provenance().run().masked();
    Model network = loaded.network();
    List<BatchLayerNormalizationLayer> bln = BlnNetworks.blnLayers(network);
    StatisticSources inference = request.inference() != null ? request.inference()
        : bln.isEmpty() ? StatisticSources.REFERENCE_DEFAULT : bln.get(0).inference();
    if (!inference.batchIndependent()) {
      throw new BadInputException("inference configuration " + inference
          + (request.inference() == null ? " (the model's own)" : "") + " depends on the batch; ONNX export takes a "
          + "batch-independent one: --inference " + StatisticSources.batchIndependentOnes().stream()
          .map(StatisticSources::code).collect(Collectors.joining(", ")));
    }
    try {
      files.write(request.output(), out -> OnnxExport.write(network, new OnnxExport.Options(inference, List.of(), masked),
          out));
    } catch (UnsupportedNetworkException e) {
      throw new BadInputException(request.model() + " cannot be exported to ONNX: " + e.getMessage(), e);
    }
    return new Outcome(inference, bln.size());
  }
}
