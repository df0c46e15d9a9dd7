package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * SpamAssassin messages (one JSON file each, in directories whose names start with "spam" for
 * spam) into Parquet rows of token ids. Only the Subject and the body are kept: the other headers
 * (Received, Return-Path, spam-trap addresses) give the label away.
 *
 * <p>The files are read on the driver, like Fashion-MNIST's, rather than with Spark's JSON reader:
 * handing Spark thousands of chosen files makes it list them with a distributed job of one task per
 * file (seconds for a few hundred), and the executors would need the raw directory on their disks.
 */
final class SpamAssassin {
  // Id 0 is padding: a new float[] is all padding.
  static final int OUT_OF_VOCABULARY = 1;
  private static final int FIRST_WORD_ID = 2;
  private static final int CLASSES = 2;

  private static final StructType RAW_ROWS = new StructType()
      .add("mail", DataTypes.StringType, false)
      .add(DatasetReader.LABEL, DataTypes.IntegerType, false)
      .add(DatasetReader.SPLIT, DataTypes.StringType, false);
  // The headers end at the first empty line (RFC 5322): group 1 is the headers, group 2 the body.
  private static final String HEADERS_AND_BODY = "(?s)^(.*?)(?:\\r?\\n\\r?\\n(.*))?$";
  // The Subject header with its folded continuation lines.
  private static final String SUBJECT = "(?im)^subject:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)";

  private SpamAssassin() {}

  /** Reads, splits, tokenizes and writes the dataset as Parquet at {@code output}; returns its metadata. */
  static DatasetMetadata writeParquet(SparkSession spark, Path rawDir, SplitOptions options, String output) {
    List<Path> files = messageFiles(rawDir);
    SplitAssignment splits = SplitAssignment.heldOut(files.size(), options);
    List<Row> rows = new ArrayList<>();
    long bytes = addRows(rows, files, splits.train(), Split.TRAIN.value())
        + addRows(rows, files, splits.validation(), Split.VALIDATION.value())
        + addRows(rows, files, splits.test(), Split.TEST.value());

    Dataset<Row> tokens = new RegexTokenizer().setInputCol("text").setOutputCol("tokens")
        .setToLowercase(true).setGaps(true).setPattern("[^\\p{L}\\p{N}]+")
        .transform(DriverRows.frame(spark, rows, RAW_ROWS, bytes)
            .select(subjectAndBody(col("mail")).as("text"), col(DatasetReader.LABEL), col(DatasetReader.SPLIT)));
    List<String> vocabulary = vocabulary(tokens.where(col(DatasetReader.SPLIT).equalTo(Split.TRAIN.value())),
        options.vocabularySize() - FIRST_WORD_ID);
    writeSequences(spark, tokens, vocabulary, options.sequenceLength(), output);
    return new DatasetMetadata(DatasetIdentity.of(DatasetKind.SPAM_ASSASSIN,
        new InputShape.Tokens(options.sequenceLength(), vocabulary.size() + FIRST_WORD_ID), CLASSES, vocabulary),
        DatasetMetadata.counts(splits.train().length, splits.validation().length, splits.test().length),
        options.seed());
  }

  /** Every {@code <rawDir>/<directory>/<name>.json}, in a fixed order so that the seed alone decides the splits. */
  private static List<Path> messageFiles(Path rawDir) {
    try (Stream<Path> paths = Files.walk(rawDir, 2)) {
      List<Path> files = paths.filter(p -> rawDir.relativize(p).getNameCount() == 2)
          .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().toList();
      if (files.isEmpty()) {
        throw new BadInputException(rawDir + ": no messages (<directory>/<name>.json); bin/fetch-data downloads "
            + "SpamAssassin");
      }
      return files;
    } catch (IOException e) {
      throw new BadInputException(rawDir + ": cannot be listed (" + HadoopFiles.firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Adds the rows of one split; returns the number of characters of mail added. */
  private static long addRows(List<Row> rows, List<Path> files, int[] indices, String split) {
    long characters = 0;
    for (int i : indices) {
      Path file = files.get(i);
      String mail = mail(file);
      int label = file.getParent().getFileName().toString().startsWith("spam") ? 1 : 0;
      rows.add(RowFactory.create(mail, label, split));
      characters += mail.length();
    }
    return characters;
  }

  /** The raw mail, headers included, of one message file. */
  private static String mail(Path file) {
    try {
      JsonNode text = Json.MAPPER.readTree(file.toFile()).get("text");
      if (text == null || !text.isTextual()) {
        throw new BadInputException(file + ": not a JSON object with a string field 'text'");
      }
      return text.asText();
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": not valid JSON (" + HadoopFiles.firstLine(e.getOriginalMessage()) + ")",
          e);
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot be read (" + HadoopFiles.firstLine(e.getMessage()) + ")", e);
    }
  }

  private static Column subjectAndBody(Column mail) {
    Column headers = regexp_extract(mail, HEADERS_AND_BODY, 1);
    Column body = regexp_extract(mail, HEADERS_AND_BODY, 2);
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
          // The whole corpus is a few MB of Parquet: one file. (coalesce(1) would put every slice of
          // driver rows into a single task.)
          .repartition(1)
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
