package org.blnspark.jobs.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.blnspark.jobs.io.Fingerprints;
import org.blnspark.model.zoo.InputShape;

/**
 * What a model trained on a dataset depends on: the kind of data, the shape of one example, the
 * classes, and a fingerprint that also covers what the numbers mean, the vocabulary of token ids
 * or the names of the feature columns. Two datasets with the same fingerprint can be read by the
 * same model; their splits may differ.
 *
 * @param fingerprint SHA-256 of the identity, in hex
 * @param featureNames the names of a table's feature columns, one per feature in order, which
 *     scoring checks a user's CSV against; null for other data (images, tokens, a Parquet array)
 *     and in files written before they were recorded
 */
public record DatasetIdentity(DatasetKind kind, InputShape input, int classes, String fingerprint,
                              List<String> featureNames) {
  /**
   * The identity as JSON, with the shape's fields flat: those of the other kinds of input are 0.
   * It is how {@code _bln_dataset.json} and a model's {@code bln-model.json} hold it.
   */
  record Form(DatasetKind kind, int features, int height, int width, int channels, int sequenceLength,
              int vocabularySize, int classes, String fingerprint, List<String> featureNames) {
    static Form of(DatasetIdentity identity) {
      InputShape input = identity.input();
      int height = 0;
      int width = 0;
      int channels = 0;
      int sequenceLength = 0;
      int vocabularySize = 0;
      if (input instanceof InputShape.Image image) {
        height = image.height();
        width = image.width();
        channels = image.channels();
      } else if (input instanceof InputShape.Tokens tokens) {
        sequenceLength = tokens.sequenceLength();
        vocabularySize = tokens.vocabularySize();
      }
      return new Form(identity.kind(), input.features(), height, width, channels, sequenceLength, vocabularySize,
          identity.classes(), identity.fingerprint(), identity.featureNames());
    }

    DatasetIdentity identity() {
      InputShape input = height > 0 ? new InputShape.Image(height, width, channels)
          : vocabularySize > 0 ? new InputShape.Tokens(sequenceLength, vocabularySize)
          : new InputShape.Tabular(features);
      if (input.features() != features) {
        throw new IllegalArgumentException(features + " features do not fit " + input);
      }
      return new DatasetIdentity(kind, input, classes, fingerprint, featureNames);
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static DatasetIdentity fromForm(Form form) {
    return form.identity();
  }

  @JsonValue
  Form form() {
    return Form.of(this);
  }

  public DatasetIdentity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(fingerprint, "fingerprint");
    featureNames = featureNames == null ? null : List.copyOf(featureNames);
  }

  /**
   * The identity of prepared data.
   *
   * @param meaning what the numbers stand for: the vocabulary in id order for text, the feature
   *     columns' names for a user's table, nothing for images
   */
  public static DatasetIdentity of(DatasetKind kind, InputShape input, int classes, List<String> meaning) {
    StringBuilder canonical = new StringBuilder().append(kind.externalName()).append('\n').append(input).append('\n')
        .append(classes).append('\n');
    for (String item : meaning) {
      // Length-prefixed, so that no two lists of names give the same text.
      canonical.append(item.length()).append(':').append(item).append('\n');
    }
    boolean columnNames = input instanceof InputShape.Tabular && meaning.size() == input.features();
    return new DatasetIdentity(kind, input, classes, Fingerprints.sha256(canonical.toString()),
        columnNames ? meaning : null);
  }

  /** Why a model trained on data of this identity cannot read {@code other}'s, if it cannot. */
  public Optional<String> mismatch(DatasetIdentity other) {
    if (fingerprint.equals(other.fingerprint)) {
      return Optional.empty();
    }
    if (input.features() != other.input.features()) {
      return Optional.of("the model expects " + input.features() + " features per example, the data has "
          + other.input.features());
    }
    if (classes != other.classes) {
      return Optional.of("the model was trained on " + classes + " classes, the data has " + other.classes);
    }
    if (!input.equals(other.input)) {
      return Optional.of("the model was trained on " + input + ", the data is " + other.input);
    }
    if (kind != other.kind) {
      return Optional.of("the model was trained on " + kind.externalName() + " data, not " + other.kind.externalName());
    }
    return Optional.of(input instanceof InputShape.Tokens
        ? "the data's token ids come from another vocabulary than the model's (same size, other words)"
        : "the data's features mean other things than the model's (other column names)");
  }
}
