package org.blnspark.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.ExportRun;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a saved model as an ONNX file (opset " + OnnxExport.OPSET + ") for ONNX Runtime, Triton or "
        + "any ONNX runtime: input '" + OnnxExport.FEATURES + "' (float [batch, features], rows as 'bln predict' "
        + "reads them), outputs '" + OnnxExport.PROBABILITIES + "' and '" + OnnxExport.PREDICTION + "'. BLN is "
        + "exported under a batch-independent inference configuration, so a row's output does not depend on its "
        + "batch. A layer without an ONNX translation is refused by name, and nothing is written.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "a model.zip written by 'bln train'")
  String model;

  @Option(names = "--output", required = true, description = "the ONNX file to write")
  String output;

  @Option(names = "--inference", description = "the inference configuration, one of PPBB, PPBP, PPPB, PPPP; "
      + "default: the model's own")
  StatisticSources inference;

  @Option(names = "--overwrite", description = "replace --output if it exists")
  boolean overwrite;

  @Override
  public Integer call() {
    ExportRun.Outcome outcome = ExportRun.run(new HadoopFiles(new Configuration()),
        new ExportRun.Request(model, output, inference, overwrite));
    System.out.printf("inference: %s (%d BLN layers)%nonnx: %s%n", outcome.inference(), outcome.blnLayers(), output);
    return 0;
  }
}
