package org.blnspark.jobs.cli;

import java.util.Arrays;
import java.util.Locale;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The project's option types, converted once for every command: a value that does not convert is
 * refused by picocli as a bad option, in one line that names the option and the choices.
 */
public final class OptionConverters {
  private OptionConverters() {}

  /** Registers the converters on {@code commandLine} and its subcommands. */
  public static CommandLine register(CommandLine commandLine) {
    return commandLine
        .registerConverter(Normalization.class, named(Normalization.class, "norm"))
        .registerConverter(PopulationEstimator.class, named(PopulationEstimator.class, "estimator"))
        .registerConverter(StatisticsAxes.class, named(StatisticsAxes.class, "axes"))
        .registerConverter(PaperModel.class, named(PaperModel.class, "model"))
        .registerConverter(StatisticSources.class, code -> {
          try {
            return StatisticSources.parse(code.trim());
          } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
          }
        });
  }

  /** An enum's constant by its name in any case, with '-' for '_'; {@code what} names it in the refusal. */
  static <E extends Enum<E>> ITypeConverter<E> named(Class<E> type, String what) {
    return name -> {
      try {
        return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("unknown " + what + " '" + name + "'; choose one of "
            + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
      }
    };
  }
}
