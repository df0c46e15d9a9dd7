package org.blnspark.jobs.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.blnspark.jobs.run.Budget;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.LearningRateSchedule;
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
        .registerConverter(StatisticSources.class, parsed(code -> StatisticSources.parse(code.trim())))
        .registerConverter(Budget.class, parsed(Budget::parse))
        // The schedule's span is the run's epochs, which --epochs or --budget sets: TrainOptions spans it.
        .registerConverter(LearningRateSchedule.class, parsed(spec -> LearningRateSchedule.parse(spec, 1)))
        .registerConverter(ScoringInput.SplitChoice.class, parsed(ScoringInput.SplitChoice::parse))
        .registerConverter(EvaluateCommand.Configurations.class, parsed(EvaluateCommand.Configurations::parse));
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

  /** A value its type's own parser builds, which refuses a bad one with an exception that says why. */
  static <T> ITypeConverter<T> parsed(Function<String, T> parser) {
    return text -> {
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }

  /**
   * A mini-batch size, checked here for every command that takes one: one rule and one message,
   * as the trainer's settings state it.
   */
  static final class BatchSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      int size;
      try {
        size = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is not a whole number");
      }
      if (size < 1) {
        throw new TypeConversionException("batch size must be at least 1, got " + size);
      }
      return size;
    }
  }
}
