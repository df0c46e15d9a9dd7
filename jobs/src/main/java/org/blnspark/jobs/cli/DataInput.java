package org.blnspark.jobs.cli;

import picocli.CommandLine.Option;

/** A dataset written by 'bln prepare': what train, sweep, evaluate and bench read. */
final class DataInput {
  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare'")
  String data;
}
