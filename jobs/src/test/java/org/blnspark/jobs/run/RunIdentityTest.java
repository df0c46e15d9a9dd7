package org.blnspark.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.blnspark.jobs.data.DatasetContent;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.DatasetKind;
import org.blnspark.jobs.data.Split;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.TrainerSettings;
import org.junit.jupiter.api.Test;

/** Every setting that shapes a run's result is in its identity, so a checkpoint of another run is refused by name. */
class RunIdentityTest {
  private static final DatasetIdentity TOKENS = DatasetIdentity.of(DatasetKind.SPAM_ASSASSIN,
      new InputShape.Tokens(40, 300), 2, java.util.List.of("a", "b"));
  private static final TrainSettings BASE = TrainSettings.defaults(PaperModel.LSTM);
  private static final DatasetContent CONTENT = content(60);

  @Test
  void eachSettingThatDiffersIsNamed() {
    RunIdentity base = identity(BASE, "lstm", TOKENS, 2);
    Map<String, RunIdentity> changed = new LinkedHashMap<>();
    changed.put("--model", identity(BASE, "config 0123", TOKENS, 2));
    changed.put("--norm", identity(BASE.with(Normalization.BN, 25, 0, 42), "lstm", TOKENS, 2));
    changed.put("--data", identity(BASE, "lstm", DatasetIdentity.of(DatasetKind.SPAM_ASSASSIN,
        new InputShape.Tokens(40, 300), 2, java.util.List.of("a", "c")), 2));
    changed.put("--batch-size", identity(BASE.with(Normalization.BLN, 10, 0, 42), "lstm", TOKENS, 2));
    changed.put("--workers", identity(BASE, "lstm", TOKENS, 4));
    changed.put("--averaging-frequency", identity(trainer(BASE, BASE.trainer().withAveragingFrequency(3)),
        "lstm", TOKENS, 2));
    changed.put("--estimator", identity(trainer(BASE, BASE.trainer()
        .withEstimator(PopulationEstimator.EPOCH_AVERAGE)), "lstm", TOKENS, 2));
    changed.put("--statistics-examples", identity(trainer(BASE, BASE.trainer().withStatisticsExamples(500)),
        "lstm", TOKENS, 2));
    changed.put("--axes", identity(new TrainSettings(BASE.model(), BASE.normalization(), StatisticsAxes.CONVENTIONAL,
        BASE.builtIn(), BASE.masks(), BASE.budget(), BASE.patience(), BASE.trainer()), "lstm", TOKENS, 2));
    changed.put("--lr", identity(builtIn(new BuiltInOptions(0.01, LearningRateSchedule.CONSTANT,
        BASE.builtIn().embeddingSize(), BASE.builtIn().dropout(),
        BASE.builtIn().bnDecay())), "lstm", TOKENS, 2));
    changed.put("--lr-schedule", identity(builtIn(new BuiltInOptions(BASE.builtIn().learningRate(),
        LearningRateSchedule.parse("exponential:0.9", 2), BASE.builtIn().embeddingSize(), BASE.builtIn().dropout(),
        BASE.builtIn().bnDecay())),
        "lstm", TOKENS, 2));
    changed.put("--embedding-size", identity(builtIn(new BuiltInOptions(BASE.builtIn().learningRate(),
        LearningRateSchedule.CONSTANT, 16, BASE.builtIn().dropout(),
        BASE.builtIn().bnDecay())), "lstm", TOKENS, 2));
    changed.put("--dropout", identity(builtIn(new BuiltInOptions(BASE.builtIn().learningRate(),
        LearningRateSchedule.CONSTANT, BASE.builtIn().embeddingSize(), 0.2,
        BASE.builtIn().bnDecay())), "lstm", TOKENS, 2));
    changed.put("--bn-decay", identity(builtIn(new BuiltInOptions(BASE.builtIn().learningRate(),
        LearningRateSchedule.CONSTANT, BASE.builtIn().embeddingSize(), BASE.builtIn().dropout(), 0.9)), "lstm",
        TOKENS, 2));
    changed.put("--mask", identity(new TrainSettings(BASE.model(), BASE.normalization(), BASE.axes(), BASE.builtIn(),
        false, BASE.budget(), BASE.patience(), BASE.trainer()), "lstm", TOKENS, 2));

    changed.put("--early-stopping-patience", identity(new TrainSettings(BASE.model(), BASE.normalization(),
        BASE.axes(), BASE.builtIn(), BASE.masks(), BASE.budget(), 2, BASE.trainer()), "lstm", TOKENS, 2));

    changed.forEach((option, other) -> assertThat(base.mismatch(other)).as(option).hasValueSatisfying(
        difference -> assertThat(difference).startsWith(option + " differs")));
    assertThat(base.mismatch(identity(BASE
        .withBudget(Budget.epochs(9)), "lstm", TOKENS, 2))).as("more epochs extend the run")
        .isEmpty();
  }

  @Test
  void otherRowsAndOtherCodeAreNamedApartFromTheSettings() {
    RunIdentity base = identity(BASE, "lstm", TOKENS, 2);
    RunIdentity moreRows = RunIdentity.of(BASE, "lstm", TOKENS, content(80), 2);
    RunIdentity otherRows = RunIdentity.of(BASE, "lstm", TOKENS, new DatasetContent(Map.of(
        Split.TRAIN, new DatasetContent.SplitContent(60, "ff"), Split.VALIDATION, CONTENT.splits().get(Split.VALIDATION),
        Split.TEST, CONTENT.splits().get(Split.TEST))), 2);
    RunIdentity otherCode = new RunIdentity(base.settings(), CONTENT, new CodeVersion("0123456789abcdef", false));
    RunIdentity unrecorded = new RunIdentity(base.settings(), null, null);

    assertThat(base.settingsMismatch(moreRows)).isEmpty();
    assertThat(base.mismatch(moreRows)).hasValue("the data differs: the train split has 60 rows there, 80 here");
    assertThat(base.mismatch(otherRows)).hasValue("the data differs: the train split has as many rows (60) but "
        + "other ones");
    assertThat(base.dataMismatch(otherCode)).isEmpty();
    assertThat(base.mismatch(otherCode)).hasValue("the code differs: commit " + CodeVersion.current().describe()
        + " there, commit 0123456789 here");
    assertThat(unrecorded.dataMismatch(base)).hasValueSatisfying(p -> assertThat(p).contains("not recorded there"));
    assertThat(unrecorded.codeMismatch(base)).hasValueSatisfying(p -> assertThat(p)
        .startsWith("the code differs: no code version recorded there"));
    assertThat(base.mismatch(identity(BASE, "lstm", TOKENS, 2))).isEmpty();
  }

  /** A dataset's content with {@code rows} rows in each split, whose hashes say which split they are. */
  private static DatasetContent content(long rows) {
    Map<Split, DatasetContent.SplitContent> splits = new LinkedHashMap<>();
    for (Split split : Split.values()) {
      splits.put(split, new DatasetContent.SplitContent(rows, split.value()));
    }
    return new DatasetContent(splits);
  }

  private static RunIdentity identity(TrainSettings settings, String model, DatasetIdentity data, int workers) {
    return RunIdentity.of(settings, model, data, CONTENT, workers);
  }

  private static TrainSettings trainer(TrainSettings s, TrainerSettings trainer) {
    return new TrainSettings(s.model(), s.normalization(), s.axes(), s.builtIn(), s.masks(), s.budget(),
        s.patience(), trainer);
  }

  private static TrainSettings builtIn(BuiltInOptions options) {
    return new TrainSettings(BASE.model(), BASE.normalization(), BASE.axes(), options, BASE.masks(), BASE.budget(),
        BASE.patience(), BASE.trainer());
  }
}
