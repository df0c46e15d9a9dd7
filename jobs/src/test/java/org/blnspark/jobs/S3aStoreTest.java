package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.blnspark.jobs.cluster.S3Proxy;
import org.blnspark.jobs.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on s3a:// paths against a real S3-compatible server, S3Proxy, in its own
 * process on 127.0.0.1. The credentials reach S3A as {@code --conf spark.hadoop.fs.s3a.*} would
 * (system properties that SparkConf reads), and must never be written into what the runs publish.
 */
class S3aStoreTest {
  @TempDir
  static Path dir;
  static S3Proxy s3;
  static final List<String> PROPERTIES = new ArrayList<>();

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Proxy.start(dir.resolve("s3proxy"));
    for (Map.Entry<String, String> setting : s3.endpointSettings().entrySet()) {
      setProperty("spark.hadoop." + setting.getKey(), setting.getValue());
    }
    setProperty("spark.hadoop.fs.s3a.access.key", s3.identity());
    setProperty("spark.hadoop.fs.s3a.secret.key", s3.credential());
  }

  private static void setProperty(String key, String value) {
    System.setProperty(key, value);
    PROPERTIES.add(key);
  }

  @AfterAll
  static void stopS3() {
    PROPERTIES.forEach(System::clearProperty);
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void prepareTrainResumeEvaluateOnS3a() throws Exception {
    Path csv = CliEndToEndTest.usersCsv(dir, "mine");
    String data = s3.uri("data/mine");
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "user", "--raw", csv.toString(),
        "--output", data)).isZero();
    assertThat(s3.objects().resolve("data/mine/_bln_dataset.json")).isRegularFile();

    String output = s3.uri("runs/mlp");
    String[] train = {"train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--lr", "0.01", "--workers", "2", "--checkpoint-dir", s3.uri("runs/mlp-checkpoints"),
        "--seed", "5"};
    assertThat(BlnCli.run(concat(train, "--epochs", "1"))).isZero();
    assertThat(BlnCli.run(concat(train, "--epochs", "2", "--resume"))).isZero();
    JsonNode metrics = Json.MAPPER.readTree(s3.objects().resolve("runs/mlp/metrics.json").toFile());
    assertThat(metrics.get("epochs")).hasSize(2);
    assertThat(s3.objects().resolve("runs/mlp-checkpoints/epoch-2.json")).isRegularFile();
    assertThat(s3.objects().resolve("runs/mlp/.bln-lock")).doesNotExist();

    String report = s3.uri("reports/mlp.json");
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data,
        "--report", report)).isZero();
    assertThat(Json.MAPPER.readTree(s3.objects().resolve("reports/mlp.json").toFile()).get("testAccuracy").asDouble())
        .isGreaterThan(0.7);
    assertNoObjectHoldsTheSecret();
  }

  /** Every object in the bucket, models and reports included, read as bytes: none holds the credential. */
  private static void assertNoObjectHoldsTheSecret() throws IOException {
    byte[] secret = s3.credential().getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(s3.objects())) {
      List<Path> objects = files.filter(Files::isRegularFile).toList();
      assertThat(objects).isNotEmpty();
      for (Path object : objects) {
        assertThat(indexOf(Files.readAllBytes(object), secret)).as("%s holds the secret", object).isNegative();
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
