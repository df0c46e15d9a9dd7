package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local Spark session on loopback per test class (register with {@code @RegisterExtension}),
 * and the real datasets' cache, for the tests of this package.
 */
final class TestSpark implements BeforeAllCallback, AfterAllCallback {
  private SparkSession session;

  @Override
  public void beforeAll(ExtensionContext context) {
    session = SparkSession.builder().master("local[2]").appName("bln-data-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    session.stop();
  }

  SparkSession get() {
    return session;
  }

  /** A raw dataset from bin/fetch-data's cache; missing, it fails the test rather than skipping it. */
  static Path cachedRawData(DatasetKind kind) {
    String cache = System.getenv("BLN_DATA_DIR");
    Path root = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "bln-spark");
    Path dir = root.resolve(kind.externalName());
    assertThat(dir).as("the real dataset is not cached; run bin/fetch-data first").isDirectory();
    return dir;
  }
}
