package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;

class SplitOptionsTest {
  @Test
  void defaultsAreThoseOfThePaperSetup() {
    assertThat(SplitOptions.defaults()).isEqualTo(new SplitOptions(42, 0.1, 0.2, 1.0, 0, 80, 20_000));
  }

  @Test
  void impossibleSettingsAreRefused() {
    assertThatThrownBy(() -> new SplitOptions(42, 0, 0.2, 1.0, 0, 80, 20_000))
        .isInstanceOf(BadInputException.class).hasMessage("validation fraction must be in (0, 1), got 0.0");
    assertThatThrownBy(() -> new SplitOptions(42, 0.1, Double.NaN, 1.0, 0, 80, 20_000))
        .isInstanceOf(BadInputException.class).hasMessage("test fraction must be in (0, 1), got NaN");
    assertThatThrownBy(() -> new SplitOptions(42, 0.5, 0.5, 1.0, 0, 80, 20_000))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("validation fraction + test fraction");
    assertThatThrownBy(() -> new SplitOptions(42, 0.1, 0.2, 1.5, 0, 80, 20_000))
        .isInstanceOf(BadInputException.class).hasMessage("train fraction must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> new SplitOptions(42, 0.1, 0.2, 1.0, -1, 80, 20_000))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("limit must be");
    assertThatThrownBy(() -> new SplitOptions(42, 0.1, 0.2, 1.0, 0, 0, 20_000))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("sequence length must be");
    assertThatThrownBy(() -> new SplitOptions(42, 0.1, 0.2, 1.0, 0, 80, 1))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("vocabulary size must be");
  }
}
