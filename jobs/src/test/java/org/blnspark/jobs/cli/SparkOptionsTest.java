package org.blnspark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What the driver adds to spark-submit's settings. */
class SparkOptionsTest {
  @Test
  void underAUsersOwnSparkSubmitTheUiCannotKillJobs() {
    // As spark-submit hands a cluster master to the driver, with the UI on.
    SparkConf submitted = new SparkConf(false).setMaster("spark://10.0.0.5:7077").set("spark.ui.enabled", "true");
    SparkConf conf = new SparkOptions().configure(submitted);
    assertThat(conf.get("spark.ui.killEnabled")).isEqualTo("false");
    assertThat(conf.get("spark.ui.enabled")).isEqualTo("true");
    assertThat(conf.contains("spark.driver.bindAddress")).as("a cluster driver binds where the user says").isFalse();
    // A user who wants the links says so, and is not overruled.
    assertThat(new SparkOptions().configure(new SparkConf(false).setMaster("spark://h:7077")
        .set("spark.ui.killEnabled", "true")).get("spark.ui.killEnabled")).isEqualTo("true");
  }

  @Test
  void theEmbeddedDriverBindsToLoopbackWithoutAUi() {
    SparkConf conf = SparkOptions.master("local[2]").configure(new SparkConf(false));
    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
  }
}
