package org.blnspark.spark;

import java.util.Map;
import org.blnspark.model.statistics.StatisticsPrecision;

/**
 * What one distributed training epoch produced.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss the mean training loss the workers reported
 * @param trainSeconds wall time of parameter-averaging training
 * @param statisticsSeconds wall time of the population-statistics pass, 0 when it did not run
 * @param statisticsPrecision how precise that pass's estimates are, by BLN layer name; empty when
 *     it did not run
 */
public record EpochReport(int epoch, double trainLoss, double trainSeconds, double statisticsSeconds,
                          Map<String, StatisticsPrecision> statisticsPrecision) {}
