package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Locale;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.zoo.NetworkConfiguration;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.model.BadInputException;

/** Where a run's network comes from: one of the built-in models, or a user's DL4J configuration file. */
public sealed interface ModelSource extends Serializable permits ModelSource.BuiltIn, ModelSource.FromFile {
  /** The built-in model, which reads one kind of input. */
  record BuiltIn(PaperModel model) implements ModelSource {
    @Override
    public String describe() {
      return model.name().toLowerCase(Locale.ROOT);
    }
  }

  /** A DL4J JSON configuration, as {@code toJson()} writes it, on any Hadoop path. */
  record FromFile(String path) implements ModelSource {
    @Override
    public String describe() {
      return path;
    }

    /** The file's configuration; a file DL4J cannot read is refused in one line. */
    NetworkConfiguration read(HadoopFiles files) {
      String json = files.readString(path);
      try {
        return NetworkConfiguration.fromJson(json);
      } catch (RuntimeException e) {
        // Jackson's message names the unknown type or the broken token; its first line is enough.
        throw new BadInputException(path + ": not a DL4J network configuration (" + HadoopFiles.oneLine(rootOf(e))
            + ")", e);
      }
    }

    private static Throwable rootOf(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root;
    }
  }

  /** The model's name, or the configuration file's path. */
  String describe();

  /** Fails with a message naming the model when it cannot read the dataset's examples. */
  default void requireReads(DatasetMetadata metadata) {
    if (this instanceof BuiltIn builtIn && !builtIn.model().accepts(metadata.input())) {
      throw new BadInputException(builtIn.model().describeInput() + "; " + metadata.kind().externalName() + " is "
          + metadata.input());
    }
  }
}
