package org.blnspark.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One {@code local[2]} Spark context per test class, in double precision so that distributed and
 * single-JVM results can be compared tightly: register with {@code @RegisterExtension}.
 */
final class LocalSparkContext implements BeforeAllCallback, AfterAllCallback {
  private JavaSparkContext context;

  @Override
  public void beforeAll(ExtensionContext extensionContext) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    context = LocalSpark.start("local[2]");
  }

  @Override
  public void afterAll(ExtensionContext extensionContext) {
    context.stop();
  }

  JavaSparkContext get() {
    return context;
  }
}
