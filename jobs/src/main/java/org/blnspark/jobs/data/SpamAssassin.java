package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.jobs.BadInputException;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * SpamAssassin messages (one JSON file each, in directories whose names start with "spam" for
 * spam) into Parquet rows of token ids. Only the Subject and the body are kept: the other headers
 * (Received, Return-Path, spam-trap addresses) give the label away.
 *
 * <p>The files are read by Spark's executors, so the raw directory must be where they can see it:
 * local mode, or a filesystem shared by the cluster.
 */
final class SpamAssassin {
  // Id 0 is padding: a new float[] is all padding.
  static final int OUT_OF_VOCABULARY = 1;
  private static final int FIRST_WORD_ID = 2;
  private static final int CLASSES = 2;

  private static final StructType MESSAGE = new StructType().add("text", DataTypes.StringType);
  // The headers end at the first empty line (RFC 5322): group 1 is the headers, group 2 the body.
  private static final String HEADERS_AND_BODY = "(?s)^(.*?)(?:\\r?\\n\\r?\\n(.*))?$";
  // The Subject header with its folded continuation lines.
  private static final String SUBJECT = "(?im)^subject:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)";
  private static final String DIRECTORY = "([^/]+)/[^/]+$";

  private SpamAssassin() {}

  /** Reads, splits, tokenizes and writes the dataset as Parquet at {@code output}; returns its metadata. */
  static DatasetMetadata writeParquet(SparkSession spark, Path rawDir, SplitOptions options, String output) {
    List<Path> files = messageFiles(rawDir);
    SplitAssignment splits = SplitAssignment.heldOut(files.size(), options);
    Dataset<Row> messages = read(spark, files, splits.train(), DatasetReader.TRAIN);
    if (splits.validation().length > 0) {
      messages = messages.union(read(spark, files, splits.validation(), DatasetReader.VALIDATION));
    }
    if (splits.test().length > 0) {
      messages = messages.union(read(spark, files, splits.test(), DatasetReader.TEST));
    }
    // Read once: counted and checked, then tokenized for the vocabulary and again for the output.
    messages.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> counts = countAndCheck(messages);
      Dataset<Row> tokens = new RegexTokenizer().setInputCol("text").setOutputCol("tokens")
          .setToLowercase(true).setGaps(true).setPattern("[^\\p{L}\\p{N}]+")
          .transform(messages.select(col(DatasetReader.LABEL), col(DatasetReader.SPLIT), subjectAndBody().as("text")));
      List<String> vocabulary = vocabulary(tokens.where(col(DatasetReader.SPLIT).equalTo(DatasetReader.TRAIN)),
          options.vocabularySize() - FIRST_WORD_ID);
      writeSequences(spark, tokens, vocabulary, options.sequenceLength(), output);
      return new DatasetMetadata(DatasetKind.SPAM_ASSASSIN, options.sequenceLength(), CLASSES, 0, 0, 0,
          options.sequenceLength(), vocabulary.size() + FIRST_WORD_ID, counts, options.seed());
    } finally {
      messages.unpersist();
    }
  }

  /** Every {@code <rawDir>/<directory>/<name>.json}, in a fixed order so that the seed alone decides the splits. */
  private static List<Path> messageFiles(Path rawDir) {
    try (Stream<Path> paths = Files.walk(rawDir, 2)) {
      List<Path> files = paths.filter(p -> rawDir.relativize(p).getNameCount() == 2)
          .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().collect(Collectors.toList());
      if (files.isEmpty()) {
        throw new BadInputException(rawDir + ": no messages (<directory>/<name>.json); bin/fetch-data downloads "
            + "SpamAssassin");
      }
      return files;
    } catch (IOException e) {
      throw new BadInputException(rawDir + ": cannot be listed (" + HadoopPaths.firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Columns file, raw (the mail, or null if the file is not a JSON object with a text), label, split. */
  private static Dataset<Row> read(SparkSession spark, List<Path> files, int[] indices, String split) {
    String[] paths = IntStream.of(indices).mapToObj(i -> files.get(i).toUri().toString()).toArray(String[]::new);
    Column file = col("_metadata.file_path");
    return spark.read().schema(MESSAGE).option("multiLine", true).json(paths).select(
        file.as("file"),
        col("text").as("raw"),
        regexp_extract(file, DIRECTORY, 1).startsWith("spam").cast(DataTypes.IntegerType).as(DatasetReader.LABEL),
        lit(split).as(DatasetReader.SPLIT));
  }

  private static Map<String, Long> countAndCheck(Dataset<Row> messages) {
    Map<String, Long> perSplit = new HashMap<>();
    for (Row row : messages.groupBy(DatasetReader.SPLIT)
        .agg(count(lit(1)), min(when(col("raw").isNull(), col("file"))))
        .collectAsList()) {
      if (!row.isNullAt(2)) {
        throw new BadInputException(row.getString(2) + ": not a JSON object with a string field 'text'");
      }
      perSplit.put(row.getString(0), row.getLong(1));
    }
    return DatasetMetadata.counts(perSplit.getOrDefault(DatasetReader.TRAIN, 0L),
        perSplit.getOrDefault(DatasetReader.VALIDATION, 0L), perSplit.getOrDefault(DatasetReader.TEST, 0L));
  }

  private static Column subjectAndBody() {
    Column headers = regexp_extract(col("raw"), HEADERS_AND_BODY, 1);
    Column body = regexp_extract(col("raw"), HEADERS_AND_BODY, 2);
    return concat_ws("\n", regexp_extract(headers, SUBJECT, 1), body);
  }

  /**
   * The {@code size} most frequent words of the training split, most frequent first. This is what
   * Spark ML's CountVectorizer keeps, but CountVectorizer leaves the order of equally frequent words
   * to the partitioning; breaking ties alphabetically makes the ids the same on any cluster.
   */
  private static List<String> vocabulary(Dataset<Row> trainTokens, int size) {
    return trainTokens.select(explode(col("tokens")).as("word")).groupBy("word").count()
        .orderBy(col("count").desc(), col("word").asc()).limit(size)
        .select("word").as(Encoders.STRING()).collectAsList();
  }

  private static void writeSequences(SparkSession spark, Dataset<Row> tokens, List<String> vocabulary, int length,
      String output) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      ids.put(vocabulary.get(i), FIRST_WORD_ID + i);
    }
    Broadcast<Map<String, Integer>> broadcastIds = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(ids);
    try {
      UDF1<Seq<String>, float[]> encode = words -> encode(JavaConverters.seqAsJavaList(words), broadcastIds.value(),
          length);
      tokens.select(udf(encode, DataTypes.createArrayType(DataTypes.FloatType, false)).apply(col("tokens"))
              .as(DatasetReader.FEATURES), col(DatasetReader.LABEL), col(DatasetReader.SPLIT))
          // The whole corpus is a few MB of Parquet: one file.
          .coalesce(1)
          .write().mode(SaveMode.Overwrite).parquet(output);
    } finally {
      broadcastIds.destroy();
    }
  }

  /**
   * Exactly {@code length} ids, as Keras' pad_sequences does by default: a longer message keeps its
   * LAST tokens (truncating='pre'), a shorter one is preceded by padding zeros (padding='pre'), so
   * a recurrent network's final state sees the words rather than padding.
   */
  static float[] encode(List<String> words, Map<String, Integer> ids, int length) {
    float[] sequence = new float[length];
    int kept = Math.min(words.size(), length);
    int first = words.size() - kept;
    for (int i = 0; i < kept; i++) {
      sequence[length - kept + i] = ids.getOrDefault(words.get(first + i), OUT_OF_VOCABULARY);
    }
    return sequence;
  }
}
