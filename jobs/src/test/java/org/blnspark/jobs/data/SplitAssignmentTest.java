package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;

class SplitAssignmentTest {
  private static SplitOptions options(long seed, double trainFraction, int limit) {
    return new SplitOptions(seed, 0.1, 0.2, trainFraction, limit, 80, 20_000);
  }

  @Test
  void heldOutSplitsAreDisjointAndCoverEverythingInTheirProportions() {
    SplitAssignment splits = SplitAssignment.heldOut(1000, options(42, 1.0, 0));

    assertThat(splits.test()).hasSize(200);
    assertThat(splits.validation()).hasSize(100);
    assertThat(splits.train()).hasSize(700);
    int[] all = IntStream.concat(IntStream.concat(IntStream.of(splits.train()), IntStream.of(splits.validation())),
        IntStream.of(splits.test())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
  }

  @Test
  void theSeedAloneDecidesTheSplits() {
    SplitAssignment first = SplitAssignment.heldOut(1000, options(42, 1.0, 0));
    SplitAssignment again = SplitAssignment.heldOut(1000, options(42, 1.0, 0));
    SplitAssignment otherSeed = SplitAssignment.heldOut(1000, options(7, 1.0, 0));

    assertThat(again.test()).isEqualTo(first.test());
    assertThat(again.train()).isEqualTo(first.train());
    assertThat(otherSeed.test()).isNotEqualTo(first.test());
  }

  @Test
  void officialTestKeepsTheWholeTestSetAndTrainFractionOfTheRest() {
    SplitAssignment splits = SplitAssignment.withOfficialTest(1000, 300, options(42, 0.2, 0));

    assertThat(splits.validation()).hasSize(100);
    assertThat(splits.train()).hasSize(180);
    assertThat(splits.test()).hasSize(300);
    assertThat(IntStream.of(splits.train()).filter(i -> Arrays.stream(splits.validation()).anyMatch(v -> v == i)))
        .isEmpty();
  }

  @Test
  void limitKeepsTheFirstExamplesOfEachSplit() {
    SplitAssignment full = SplitAssignment.withOfficialTest(1000, 300, options(42, 1.0, 0));
    SplitAssignment limited = SplitAssignment.withOfficialTest(1000, 300, options(42, 1.0, 50));

    assertThat(limited.train()).isEqualTo(Arrays.copyOf(full.train(), 50));
    assertThat(limited.validation()).isEqualTo(Arrays.copyOf(full.validation(), 50));
    assertThat(limited.test()).isEqualTo(Arrays.copyOf(full.test(), 50));
  }

  @Test
  void noTrainingExampleLeftIsRefused() {
    assertThatThrownBy(() -> SplitAssignment.heldOut(2, options(42, 0.2, 0)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no training examples left: 2 examples");
  }
}
