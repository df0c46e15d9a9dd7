package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;

class DatasetKindTest {
  @Test
  void parsesExternalAndConstantNamesInAnyCase() {
    assertThat(DatasetKind.parse("fashion-mnist")).isEqualTo(DatasetKind.FASHION_MNIST);
    assertThat(DatasetKind.parse("Spam-Assassin")).isEqualTo(DatasetKind.SPAM_ASSASSIN);
    assertThat(DatasetKind.parse("SPAM_ASSASSIN")).isEqualTo(DatasetKind.SPAM_ASSASSIN);
    assertThat(DatasetKind.FASHION_MNIST.externalName()).isEqualTo("fashion-mnist");
  }

  @Test
  void unknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> DatasetKind.parse("mnist"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unknown dataset 'mnist'; valid names: fashion-mnist, spam-assassin, user");
  }
}
