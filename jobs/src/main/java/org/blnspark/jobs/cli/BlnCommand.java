package org.blnspark.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.blnspark.jobs.run.CodeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The bln command line: its subcommands, as picocli runs them. */
@Command(name = "bln", mixinStandardHelpOptions = true, versionProvider = BlnCommand.Version.class,
    description = "Batch Layer Normalization on Spark: prepare data, train, evaluate, and study batch sizes.",
    subcommands = {PrepareCommand.class, TrainCommand.class, EvaluateCommand.class, SweepCommand.class,
        SweepReportCommand.class, QuickstartCommand.class, BenchCommand.class, PredictCommand.class,
        RecalibrateCommand.class, ExportCommand.class})
public final class BlnCommand {
  /**
   * The pom's version and the code version every run records. The pom's version comes from the
   * jar's manifest ({@code Implementation-Version}); classes run from the build directory, as
   * {@code bin/bln} runs them, have no manifest, and read it from a resource Maven filtered.
   */
  static final class Version implements IVersionProvider {
    static final String RESOURCE = "bln-version.properties";

    @Override
    public String[] getVersion() {
      return new String[] {"bln-spark " + pomVersion() + ", commit " + CodeVersion.current().describe()};
    }

    static String pomVersion() {
      String fromManifest = BlnCommand.class.getPackage().getImplementationVersion();
      if (fromManifest != null) {
        return fromManifest;
      }
      try (InputStream in = BlnCommand.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the classes: build them with Maven");
        }
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
