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

  @Test
  void anEpochCutShortDealsTheFirstPositionsOfTheSameOrder() {
    List<List<List<Integer>>> whole = deal(103, 3, 10, 2, 7, 0);
    List<List<List<Integer>>> cut = deal(103, 3, 10, 2, 7, 30);
    assertThat(cut).hasSize(2);
    assertThat(cut.get(0)).isEqualTo(whole.get(0));
    assertThat(cut.get(1)).extracting(List::size).containsExactly(5, 5);
    // The cut round holds the first 10 of the whole round's positions: each worker's first 5.
    assertThat(cut.get(1).get(0)).isEqualTo(whole.get(1).get(0).subList(0, 5));
  }

  @Test
  void theFirstWorkersMiniBatchesPerEpochCountTheShortOnes() {
    // 103 elements, batches of 5, frequency 2, 2 workers: rounds of 20; five full rounds give the
    // first worker 2 batches each, the last 3 elements give it 2 of them, one short batch.
    assertThat(AveragingRounds.miniBatchesOfFirstWorker(103, 5, 2, 2)).isEqualTo(5 * 2 + 1);
    assertThat(AveragingRounds.miniBatchesOfFirstWorker(100, 5, 2, 2)).isEqualTo(10);
    assertThat(AveragingRounds.miniBatchesOfFirstWorker(7, 5, 2, 2)).isEqualTo(1);
  }

  /** Each round's partitions, as lists, for the integers 0..n-1 in the given number of partitions. */
  private static List<List<List<Integer>>> deal(int n, int partitions, int perWorker, int workers, long seed) {
    return deal(n, partitions, perWorker, workers, seed, 0);
  }

  private static List<List<List<Integer>>> deal(int n, int partitions, int perWorker, int workers, long seed,
                                                int limit) {
    JavaRDD<Integer> data = context.get().parallelize(IntStream.range(0, n).boxed().toList(), partitions).cache();
    List<List<List<Integer>>> rounds = new ArrayList<>();
    for (JavaRDD<Integer> round : AveragingRounds.deal(AveragingRounds.number(data), n, perWorker, workers, seed, limit)) {
      assertThat(round.getNumPartitions()).isLessThanOrEqualTo(workers);
      rounds.add(round.glom().collect());
    }
    data.unpersist();
    return rounds;
  }
}
