package org.blnspark.spark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.blnspark.model.StatisticSources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs both benchmark paths once per model on a tiny batch, so that they cannot rot. */
class EvaluationBenchmarkTest {
  @ParameterizedTest
  @ValueSource(strings = {"lenet", "lstm"})
  void bothPathsScoreEveryConfiguration(String model) {
    EvaluationBenchmark benchmark = new EvaluationBenchmark();
    benchmark.model = model;
    benchmark.batchSize = 3;
    benchmark.sequenceLength = 5;
    benchmark.setUp();
    INDArray[] outputs = benchmark.outputPerConfiguration();
    assertThat(outputs).hasSize(16).allSatisfy(output -> assertThat(output.shape()).containsExactly(3, 2));
    assertThat(benchmark.evaluator().scores()).hasSize(16)
        .allSatisfy((configuration, score) -> assertThat(score.examples()).isEqualTo(3));
    assertThat(benchmark.evaluator().get(StatisticSources.REFERENCE_DEFAULT).loss()).isFinite();
  }
}
