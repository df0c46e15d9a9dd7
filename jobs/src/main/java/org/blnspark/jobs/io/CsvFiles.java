package org.blnspark.jobs.io;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV tables written through {@link HadoopFiles}, quoted and escaped by Commons CSV. */
public final class CsvFiles {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

  private CsvFiles() {}

  /** Writes a header and rows; each row holds the values of the header's columns in order. */
  public static void write(HadoopFiles files, String path, List<String> header, List<? extends List<?>> rows) {
    files.write(path, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      CSVPrinter printer = new CSVPrinter(writer, FORMAT);
      printer.printRecord(header);
      for (List<?> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException("a row of " + row.size() + " values under " + header.size() + " columns");
        }
        printer.printRecord(row);
      }
      // Flushed, not closed: the output stream belongs to the caller.
      printer.flush();
    });
  }
}
