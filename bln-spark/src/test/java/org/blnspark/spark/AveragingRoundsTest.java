package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AveragingRoundsTest {
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();

  @Test
  void everyElementComesOnceAndFullRoundsGiveEachWorkerExactlyItsShare() {
    List<List<List<Integer>>> rounds = deal(103, 3, 10, 2, 7);

    assertThat(rounds).hasSize(6);
    for (List<List<Integer>> round : rounds.subList(0, 5)) {
      assertThat(round).extracting(List::size).containsExactly(10, 10);
    }
    assertThat(rounds.get(5)).extracting(List::size).containsExactly(2, 1);
    assertThat(rounds.stream().flatMap(List::stream).flatMap(List::stream))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 103).boxed().toList());
  }

  @Test
  void aWorkerTheLastRoundHasNothingForIsLeftOut() {
    List<List<List<Integer>>> rounds = deal(41, 2, 5, 4, 3);

    assertThat(rounds).hasSize(3);
    assertThat(rounds.get(0)).extracting(List::size).containsExactly(5, 5, 5, 5);
    assertThat(rounds.get(2)).extracting(List::size).containsExactly(1);
  }

  @Test
  void theOrderFollowsTheSeed() {
    assertThat(deal(60, 3, 5, 2, 11)).isEqualTo(deal(60, 3, 5, 2, 11));
    assertThat(deal(60, 3, 5, 2, 11)).isNotEqualTo(deal(60, 3, 5, 2, 12));
    // Not DL4J's partition order: a round mixes the source partitions.
    assertThat(deal(60, 3, 5, 2, 11).get(0).stream().flatMap(List::stream).map(i -> i / 20).distinct().count())
        .isGreaterThan(1);
  }

  @Test
  void lessDataThanOneRoundIsOneShortRound() {
    List<List<List<Integer>>> rounds = deal(7, 2, 5, 2, 1);

    assertThat(rounds).hasSize(1);
    assertThat(rounds.get(0)).extracting(List::size).containsExactly(4, 3);
  }

  /** Each round's partitions, as lists, for the integers 0..n-1 in the given number of partitions. */
  private static List<List<List<Integer>>> deal(int n, int partitions, int perWorker, int workers, long seed) {
    JavaRDD<Integer> data = context.get().parallelize(IntStream.range(0, n).boxed().toList(), partitions).cache();
    List<List<List<Integer>>> rounds = new ArrayList<>();
    for (JavaRDD<Integer> round : AveragingRounds.deal(data, n, perWorker, workers, seed)) {
      assertThat(round.getNumPartitions()).isLessThanOrEqualTo(workers);
      rounds.add(round.glom().collect());
    }
    data.unpersist();
    return rounds;
  }
}
