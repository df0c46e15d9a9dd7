package org.blnspark.jobs.io;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.blnspark.model.BadInputException;

/**
 * A directory that appears whole or not at all: its content is written into a temporary sibling,
 * which is renamed into place at the end (a rename within one directory is atomic on HDFS and
 * local disks) and deleted on any failure. An existing directory is never overwritten.
 *
 * <p>On S3A, whose rename copies object by object, the content is written in place, into the new
 * directory itself, which nothing else can be using since it did not exist: what publishes it
 * there is the manifest its writer puts last (a dataset's {@code _bln_dataset.json}, predictions'
 * {@code _bln_predictions.json}), which every reader requires. A writer that fails deletes what it
 * wrote; one that is killed leaves a directory without its manifest, which readers refuse.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /**
   * Runs {@code writeInto} on a new temporary directory beside {@code outputPath}, then publishes it
   * there; returns what {@code writeInto} returned.
   *
   * @param outputPath a local path or any Hadoop URI; must not exist yet
   */
  public static <T> T publish(HadoopFiles files, String outputPath, Function<String, T> writeInto) {
    FileSystem fs = files.writableFileSystem(new Path(outputPath));
    Path target = fs.makeQualified(new Path(outputPath));
    requireAbsent(fs, target, outputPath);
    if (!HadoopFiles.renamesAtomically(fs)) {
      return writeInPlace(fs, target, writeInto);
    }
    Path temporary = createTemporarySibling(fs, target, outputPath);
    boolean published = false;
    try {
      T result = writeInto.apply(temporary.toString());
      // Checked again: the output may have appeared meanwhile, and a rename onto an existing
      // directory would move ours inside it.
      requireAbsent(fs, target, outputPath);
      if (!fs.rename(temporary, target)) {
        throw new BadInputException("cannot write " + outputPath + ": renaming " + temporary + " into place failed");
      }
      published = true;
      return result;
    } catch (IOException e) {
      throw new BadInputException("cannot write " + outputPath + ": " + HadoopFiles.oneLine(e), e);
    } finally {
      if (!published) {
        deleteQuietly(fs, temporary);
      }
    }
  }

  /** Runs {@code writeInto} on {@code target} itself; deletes what it wrote if it fails. */
  private static <T> T writeInPlace(FileSystem fs, Path target, Function<String, T> writeInto) {
    boolean written = false;
    try {
      T result = writeInto.apply(target.toString());
      written = true;
      return result;
    } finally {
      if (!written) {
        deleteQuietly(fs, target);
      }
    }
  }

  /** Fails unless nothing exists at {@code outputPath}: checked before any work, and again before publishing. */
  public static void requireAbsent(HadoopFiles files, String outputPath) {
    FileSystem fs = files.writableFileSystem(new Path(outputPath));
    requireAbsent(fs, fs.makeQualified(new Path(outputPath)), outputPath);
  }

  private static void requireAbsent(FileSystem fs, Path target, String outputPath) {
    try {
      if (fs.exists(target)) {
        throw new BadInputException(outputPath + " already exists; choose another path or delete it");
      }
    } catch (IOException e) {
      throw new BadInputException(outputPath + ": cannot be checked (" + HadoopFiles.firstLine(e.getMessage()) + ")",
          e);
    }
  }

  /**
   * Creates the temporary directory up front, which also proves the parent is writable before any
   * data is read.
   */
  private static Path createTemporarySibling(FileSystem fs, Path target, String outputPath) {
    Path parent = target.getParent();
    if (parent == null) {
      throw new BadInputException(outputPath + ": the root cannot be an output; choose a directory below it");
    }
    Path temporary = new Path(parent, target.getName() + "._tmp-" + UUID.randomUUID());
    try {
      if (fs.mkdirs(temporary)) {
        return temporary;
      }
      throw new BadInputException(outputPath + ": cannot create a directory in " + parent);
    } catch (IOException e) {
      throw new BadInputException(outputPath + ": cannot create a directory in " + parent + " ("
          + HadoopFiles.firstLine(e.getMessage()) + ")", e);
    }
  }

  private static void deleteQuietly(FileSystem fs, Path temporary) {
    try {
      fs.delete(temporary, true);
    } catch (IOException | RuntimeException ignored) {
      // The failure that brought us here is the one worth reporting.
    }
  }
}
