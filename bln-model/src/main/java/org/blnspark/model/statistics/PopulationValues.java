package org.blnspark.model.statistics;

/** The four finished population statistics of one BLN layer, as stored in its parameters. */
public record PopulationValues(double[] batchMean, double[] batchVar, double[] featureMean, double[] featureVar) {}
