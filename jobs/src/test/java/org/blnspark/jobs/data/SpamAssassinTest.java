package org.blnspark.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tokenizing, vocabulary and sequence encoding, on two hand-made messages whose ids can be worked out. */
class SpamAssassinTest {
  // Tiny held-out fractions: with two messages both round to 0, so both messages train.
  private static final double TINY = 0.01;

  @RegisterExtension
  static final TestSpark session = new TestSpark();

  @TempDir
  Path dir;

  private Path rawDir() throws IOException {
    Path raw = dir.resolve("spam-assassin");
    // Only the Subject and the body count: the other headers must not reach the vocabulary.
    message(raw, "spam-1", "a.json",
        "From: x@y.example\nSubject: Cheap pills\nX-Spam-Flag: YES\n\nBuy cheap pills now");
    message(raw, "easy-ham-1", "b.json", "Received: from relay\nSubject: meeting\n\nhi");
    return raw;
  }

  private static void message(Path raw, String directory, String name, String text) throws IOException {
    Files.createDirectories(raw.resolve(directory));
    String json = "{\"id\":\"1\",\"group\":\"" + directory + "\",\"text\":\"" + text.replace("\n", "\\n") + "\"}";
    Files.writeString(raw.resolve(directory).resolve(name), json);
  }

  private Map<Integer, List<Float>> prepare(Path raw, int vocabularySize, String name) {
    SplitOptions options = new SplitOptions(1, TINY, TINY, 1.0, 0, 3, vocabularySize);
    String output = dir.resolve(name).toString();
    DatasetMetadata metadata = DatasetPreparer.prepare(session.get(), DatasetKind.SPAM_ASSASSIN, raw.toString(), output, options);
    assertThat(metadata.counts()).containsExactlyEntriesOf(DatasetMetadata.counts(2, 0, 0));
    return DatasetReader.read(session.get(), output, Split.TRAIN).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getInt(1), r -> r.<Float>getList(0)));
  }

  @Test
  void subjectAndBodyBecomeKerasStyleSequencesOfFrequencyRankedIds() throws IOException {
    // Words: cheap 2, pills 2, then buy, hi, meeting, now once each; ties go alphabetically.
    // So cheap=2, pills=3, buy=4, hi=5, meeting=6, now=7 (0 is padding, 1 out-of-vocabulary).
    Map<Integer, List<Float>> byLabel = prepare(rawDir(), 20_000, "full");

    // spam: [cheap pills buy cheap pills now], its last 3 kept (truncating='pre')
    assertThat(byLabel.get(1)).containsExactly(2f, 3f, 7f);
    // ham: [meeting hi], padded in front (padding='pre')
    assertThat(byLabel.get(0)).containsExactly(0f, 6f, 5f);
    assertThat(((org.blnspark.model.zoo.InputShape.Tokens) DatasetMetadata.read(session.get(), dir.resolve("full").toString()).input()).vocabularySize())
        .as("six words plus padding and out-of-vocabulary; no header word").isEqualTo(8);
  }

  @Test
  void wordsBeyondTheVocabularySizeAreOutOfVocabulary() throws IOException {
    // 7 ids: padding, out-of-vocabulary and the 5 most frequent words, which leaves out "now".
    Map<Integer, List<Float>> byLabel = prepare(rawDir(), 7, "small");

    assertThat(byLabel.get(1)).containsExactly(2f, 3f, 1f);
    assertThat(byLabel.get(0)).containsExactly(0f, 6f, 5f);
  }

  @Test
  void aFileThatIsNotAMessageIsNamed() throws IOException {
    Path raw = rawDir();
    Path broken = raw.resolve("spam-1").resolve("c.json");
    Files.writeString(broken, "{\"id\": \"2\", \"text\": ");

    assertThatThrownBy(() -> prepare(raw, 20_000, "broken"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(broken + ": not valid JSON (");
    assertThat(dir.resolve("broken")).doesNotExist();
  }

  @Test
  void aMessageWithoutTextIsNamed() throws IOException {
    Path raw = rawDir();
    Path broken = raw.resolve("easy-ham-1").resolve("c.json");
    Files.writeString(broken, "{\"id\": \"2\", \"text\": 7}");

    assertThatThrownBy(() -> prepare(raw, 20_000, "broken"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(broken + ": not a JSON object with a string field 'text'");
  }

  @Test
  void encodingPadsAndTruncatesAtTheFront() {
    Map<String, Integer> ids = Map.of("a", 2, "b", 3);

    assertThat(SpamAssassin.encode(List.of("a", "x", "b", "a"), ids, 3)).containsExactly(1f, 3f, 2f);
    assertThat(SpamAssassin.encode(List.of("b"), ids, 3)).containsExactly(0f, 0f, 3f);
    assertThat(SpamAssassin.encode(List.of(), ids, 2)).containsExactly(0f, 0f);
  }
}
