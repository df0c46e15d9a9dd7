package org.blnspark.jobs.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.blnspark.jobs.data.DatasetIdentity;

/**
 * Everything that shapes what a training run computes, as named settings, so that a checkpoint
 * can be matched against the run that would continue it, and the setting that differs named. The
 * seed is not among them: a resumed run keeps its checkpoint's. Nor is the number of epochs,
 * which a resumed run may extend.
 *
 * @param settings each setting's value as text, by its command-line name
 */
public record RunIdentity(Map<String, String> settings) {
  /** Whether token sequences were masked: evaluation must read the data as training did. */
  static final String MASK = "mask";

  public RunIdentity {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
  }

  /**
   * The identity of a run of {@code settings} on data of {@code dataset}, dealt to {@code workers}.
   *
   * @param model the built-in model's name, or a fingerprint of the configuration file
   */
  static RunIdentity of(TrainSettings settings, String model, DatasetIdentity dataset, int workers) {
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
    return new RunIdentity(named);
  }

  /** This identity with one more setting, such as those a sweep cell adds. */
  RunIdentity with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(settings);
    more.put(key, value);
    return new RunIdentity(more);
  }

  /** True when the run masked its token sequences. */
  boolean masked() {
    return Boolean.parseBoolean(settings.get(MASK));
  }

  /** The first setting in which {@code other} differs from this identity, said for a person, if any. */
  public Optional<String> mismatch(RunIdentity other) {
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
