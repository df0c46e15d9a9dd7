package org.blnspark.jobs.run;

import org.blnspark.jobs.io.CsvFiles;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;

/** Per-epoch metrics as JSON (for programs) and CSV (for spreadsheets), next to the model. */
final class MetricsFiles {
  static final String JSON = "metrics.json";
  static final String CSV = "metrics.csv";

  private MetricsFiles() {}

  static void write(HadoopFiles files, String directory, RunMetrics metrics) {
    files.write(directory + "/" + JSON, out -> Json.MAPPER.writeValue(out, metrics));
    CsvFiles.write(files, directory + "/" + CSV, EpochMetrics.CSV_HEADER,
        metrics.epochs().stream().map(EpochMetrics::csvRow).toList());
  }
}
