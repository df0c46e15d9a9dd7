package org.blnspark.jobs.data;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.BadInputException;

/** Paths on whatever Hadoop filesystem a user's path names (file://, hdfs://, or the default one). */
final class HadoopPaths {
  private HadoopPaths() {}

  static FileSystem fileSystem(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new BadInputException(path + ": no usable filesystem (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  static void requireExists(SparkSession spark, String path) {
    Path p = new Path(path);
    try {
      if (!fileSystem(spark, p).exists(p)) {
        throw new BadInputException(path + ": no such file or directory");
      }
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot be read (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Messages from Hadoop and Spark may span lines; ours are one line. */
  static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
