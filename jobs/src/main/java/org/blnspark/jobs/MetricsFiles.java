package org.blnspark.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/** Per-epoch metrics as JSON (for programs) and CSV (for spreadsheets), next to the model. */
final class MetricsFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsFiles() {}

  static void write(HadoopFiles files, String directory, List<EpochMetrics> metrics) {
    files.write(directory + "/metrics.json", out -> JSON.writeValue(out, metrics));
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    metrics.forEach(m -> csv.append(m.csvRow()).append('\n'));
    files.writeString(directory + "/metrics.csv", csv.toString());
  }
}
