package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.blnspark.model.StatisticSources;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.factory.Nd4j;

class EvaluationResultsTest {
  private static final StatisticSources FIRST = StatisticSources.parse("BBBB");
  private static final StatisticSources SECOND = StatisticSources.parse("PPPP");
  private static final StatisticSources THIRD = StatisticSources.parse("PPBB");

  @Test
  void theMostAccurateWinsThenTheLowerLossThenTheEarlier() {
    EvaluationResults results = new EvaluationResults(List.of(FIRST, SECOND, THIRD));
    results.scoreOf(FIRST).add(evaluation(false), 0.2, 2);
    results.scoreOf(SECOND).add(evaluation(true), 0.9, 2);
    results.scoreOf(THIRD).add(evaluation(true), 0.5, 2);
    assertThat(results.best()).isEqualTo(THIRD);

    EvaluationResults tied = new EvaluationResults(List.of(FIRST, SECOND));
    tied.scoreOf(FIRST).add(evaluation(true), 0.5, 2);
    tied.scoreOf(SECOND).add(evaluation(true), 0.5, 2);
    assertThat(tied.best()).isEqualTo(FIRST);
  }

  @Test
  void aNanLossLosesATie() {
    EvaluationResults results = new EvaluationResults(List.of(FIRST, SECOND));
    results.scoreOf(FIRST).add(evaluation(true), Double.NaN, 2);
    results.scoreOf(SECOND).add(evaluation(true), 3.0, 2);
    assertThat(results.best()).isEqualTo(SECOND);
  }

  /** Two examples of two classes, both classified right or only the first. */
  private static Evaluation evaluation(boolean bothRight) {
    Evaluation evaluation = new Evaluation();
    float[][] predictions = bothRight ? new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}}
        : new float[][] {{0.9f, 0.1f}, {0.8f, 0.2f}};
    evaluation.eval(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}), Nd4j.createFromArray(predictions));
    return evaluation;
  }
}
