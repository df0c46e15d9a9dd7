package org.blnspark.spark;

/**
 * How a fit dealt its data: the workers it trained on and the parameter-averaging rounds of each
 * epoch (see {@link AveragingRounds}).
 */
public record TrainingPlan(int workers, int roundsPerEpoch) { }
