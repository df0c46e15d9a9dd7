package org.blnspark.jobs.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.blnspark.jobs.data.DatasetContent;
import org.blnspark.jobs.data.DatasetIdentity;

/**
 * Everything that shapes what a training run computes: the named settings, the rows it trained
 * and validated on, and the code that ran, so that a checkpoint or a sweep's cell can be matched
 * against the run that would continue or reuse it, and what differs named. The seed is not among
 * the settings: a resumed run keeps its checkpoint's. Nor is the number of epochs, which a resumed
 * run may extend.
 *
 * @param settings each setting's value as text, by its command-line name
 * @param data the content of the dataset's splits; null in records written before it was kept
 * @param code the code version of the run; null in records written before it was kept
 */
public record RunIdentity(Map<String, String> settings, DatasetContent data, CodeVersion code) {
  /** Whether token sequences were masked: evaluation must read the data as training did. */
  static final String MASK = "mask";

  public RunIdentity {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
  }

  /**
   * The identity of a run of this code, of {@code settings} on data of {@code dataset} whose splits
   * hold {@code content}, dealt to {@code workers}.
   *
   * @param model the built-in model's name, or a fingerprint of the configuration file
   */
  static RunIdentity of(TrainSettings settings, String model, DatasetIdentity dataset, DatasetContent content,
                        int workers) {
    Map<String, String> named = new LinkedHashMap<>();
    named.put("model", model);
    named.put("norm", settings.normalization() == null ? "the file's own"
        : settings.normalization().name().toLowerCase(java.util.Locale.ROOT));
    named.put("data", dataset.fingerprint());
    named.put("batch-size", Integer.toString(settings.trainer().batchSizePerWorker()));
    named.put("workers", Integer.toString(workers));
    named.put("averaging-frequency", Integer.toString(settings.trainer().averagingFrequency()));
    named.put("estimator", settings.trainer().estimator().name().toLowerCase(java.util.Locale.ROOT));
    named.put("axes", settings.axes().name().toLowerCase(java.util.Locale.ROOT));
    named.put("statistics-examples", settings.trainer().statisticsExamples() == 0 ? "all"
        : Long.toString(settings.trainer().statisticsExamples()));
    // A configuration file carries its own updater and sizes.
    if (settings.model() instanceof ModelSource.BuiltIn) {
      named.put("lr", Double.toString(settings.builtIn().learningRate()));
      named.put("lr-schedule", settings.builtIn().schedule().describe());
      named.put("embedding-size", Integer.toString(settings.builtIn().embeddingSize()));
      named.put("dropout", Double.toString(settings.builtIn().dropout()));
      named.put("bn-decay", Double.toString(settings.builtIn().bnDecay()));
    }
    // Early stopping decides which epoch is published and when the run ends; without it, the
    // identity stays that of checkpoints written before it was recorded.
    if (settings.patience() > 0) {
      named.put("early-stopping-patience", Integer.toString(settings.patience()));
    }
    if (dataset.input() instanceof org.blnspark.model.zoo.InputShape.Tokens) {
      named.put(MASK, Boolean.toString(settings.masks()));
    }
    return new RunIdentity(named, content, CodeVersion.current());
  }

  /** This identity with one more setting, such as those a sweep cell adds. */
  RunIdentity with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(settings);
    more.put(key, value);
    return new RunIdentity(more, data, code);
  }

  /** True when the run masked its token sequences. */
  boolean masked() {
    return Boolean.parseBoolean(settings.get(MASK));
  }

  /**
   * How {@code other} differs from this identity, said for a person, if it does: the first setting
   * that differs, else the data, else the code.
   */
  public Optional<String> mismatch(RunIdentity other) {
    return settingsMismatch(other).or(() -> dataMismatch(other)).or(() -> codeMismatch(other));
  }

  /** How the rows {@code other} trains on differ from this run's, if they do. */
  Optional<String> dataMismatch(RunIdentity other) {
    if (data == null || other.data == null) {
      return Optional.of("the data differs: which rows " + (data == null ? "it trained on is not recorded there"
          : "it trains on is not known here"));
    }
    return data.mismatch(other.data).map(problem -> "the data differs: " + problem);
  }

  /** How the code of {@code other} differs from this run's, if it does. */
  Optional<String> codeMismatch(RunIdentity other) {
    if (Objects.equals(code, other.code)) {
      return Optional.empty();
    }
    return Optional.of("the code differs: " + describe(code) + " there, " + describe(other.code) + " here");
  }

  private static String describe(CodeVersion code) {
    return code == null ? "no code version recorded" : "commit " + code.describe();
  }

  /** The first setting in which {@code other} differs from this identity, said for a person, if any. */
  Optional<String> settingsMismatch(RunIdentity other) {
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      String theirs = other.settings.get(setting.getKey());
      if (!setting.getValue().equals(theirs)) {
        return Optional.of("--" + setting.getKey() + " differs: " + describe(setting.getKey(), setting.getValue())
            + " there, " + describe(setting.getKey(), theirs) + " here");
      }
    }
    for (String key : other.settings.keySet()) {
      if (!settings.containsKey(key)) {
        return Optional.of("--" + key + " differs: unset there, " + describe(key, other.settings.get(key)) + " here");
      }
    }
    return Optional.empty();
  }

  private static String describe(String key, String value) {
    if (value == null) {
      return "unset";
    }
    // A fingerprint says nothing to a person; that it differs is what matters.
    return key.equals("data") ? "dataset " + value.substring(0, Math.min(12, value.length())) : value;
  }
}
