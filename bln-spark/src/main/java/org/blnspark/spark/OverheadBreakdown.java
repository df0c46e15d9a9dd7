package org.blnspark.spark;

/**
 * Where a parameter-averaging fit's training time went, as shares of it: the driver's own work
 * between rounds (splitting the data, creating the broadcast, updating the averaged parameters),
 * the workers' fitting (their summed time divided by the number of workers, as they run side by
 * side), the workers' setup (fetching the broadcast model, building their copy), and the rest,
 * which is Spark's scheduling, task and result (de)serialization and waiting for the slowest
 * worker. The shares are disjoint, so they sum to 1.
 */
public record OverheadBreakdown(double driver, double workerFit, double workerSetup, double rest) { }
