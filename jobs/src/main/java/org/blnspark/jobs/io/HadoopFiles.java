package org.blnspark.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.BadInputException;

/**
 * Files on whatever Hadoop filesystem a user's path names (local, HDFS, or the default one).
 * Every write goes to a hidden temporary name in the same directory and replaces the target in one
 * step ({@link #replace}), so that a reader never sees a half-written file and a crash never loses
 * the old one. Failures the user can fix (a missing file, a path that cannot be written) are
 * {@link BadInputException}s of one line; a writer's or reader's unchecked exception passes through
 * as it is.
 *
 * <p>On S3A (s3a://), whose rename copies object by object, a file is written in place instead:
 * one upload makes an object appear whole when its stream closes, and a failed writer aborts the
 * upload, so a reader sees the old object or the new one ({@link #write}). Directories are
 * published there by a manifest written last ({@link AtomicDirectory}). Other object stores are
 * refused for writing ({@link #writableFileSystem}): none of them is tested. Reading from them is
 * left as it is.
 */
public final class HadoopFiles {
  /** Writes the content of one file. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Reads the content of one file. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  /** S3A: the object store written to, whose rename is a copy; see {@link #renamesAtomically}. */
  private static final String S3A = "s3a";

  /** Schemes of object stores without atomic rename that bln-spark does not write to: none is tested. */
  private static final Set<String> UNTESTED_OBJECT_STORES =
      Set.of("s3", "s3n", "gs", "wasb", "wasbs", "abfs", "abfss", "oss", "cosn", "obs", "swift");

  private final Configuration hadoop;

  public HadoopFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The files of a Spark session, with its Hadoop configuration. */
  public static HadoopFiles of(SparkSession spark) {
    return new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public Configuration configuration() {
    return hadoop;
  }

  /** {@code path} with its filesystem's scheme and authority, and absolute: two names of one place compare equal. */
  public String qualified(String path) {
    Path p = new Path(path);
    return fileSystem(p).makeQualified(p).toString();
  }

  /** The filesystem {@code path} lives on. */
  public FileSystem fileSystem(Path path) {
    try {
      return path.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new BadInputException(path + ": no usable filesystem (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /**
   * The filesystem {@code path} lives on, for writing: refused, naming the alternatives, when it is
   * an object store other than S3A (a path without a scheme is on {@code fs.defaultFS}).
   */
  public FileSystem writableFileSystem(Path path) {
    String scheme = path.toUri().getScheme() != null ? path.toUri().getScheme()
        : FileSystem.getDefaultUri(hadoop).getScheme();
    if (scheme != null && UNTESTED_OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT))) {
      throw new BadInputException("cannot write to " + path + ": " + scheme + ":// is an object store that "
          + "bln-spark has not been tested on; write to s3a://..., HDFS (hdfs://...) or a local path (file:///...) "
          + "and copy it there afterwards");
    }
    return fileSystem(path);
  }

  /**
   * True when a rename on {@code fs} is one atomic step (a local disk, HDFS); false on S3A, whose
   * rename copies and deletes object by object, so that a reader may see a directory half moved.
   */
  public static boolean renamesAtomically(FileSystem fs) {
    return !S3A.equals(fs.getUri().getScheme());
  }

  public void write(String path, Writer writer) {
    Path target = new Path(path);
    FileSystem fs = writableFileSystem(target);
    if (!renamesAtomically(fs)) {
      writeInPlace(fs, target, writer);
      return;
    }
    // Hadoop's local filesystem adds a hidden .crc file beside each file it writes, which a move
    // would leave behind; the raw one writes the file alone.
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRawFileSystem();
    }
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      mkdirs(fs, target.getParent());
      try (OutputStream out = fs.create(temporary, false)) {
        writer.write(out);
      }
      replace(fs, temporary, target);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new BadInputException("cannot write " + path + ": " + oneLine(e), e);
    } catch (RuntimeException e) {
      // The writer's own failure keeps its kind: bad input stays one line, and a bug keeps its trace.
      deleteQuietly(temporary);
      throw e;
    }
  }

  /**
   * Writes {@code target} in one upload, which S3A starts, or completes, only when the stream
   * closes: until then a reader sees the old object, or none. A writer that fails aborts the upload
   * instead of closing, so that nothing of what it wrote appears; a process killed mid-write never
   * completes it either.
   */
  private static void writeInPlace(FileSystem fs, Path target, Writer writer) {
    FSDataOutputStream out;
    try {
      out = fs.create(target, true);
    } catch (IOException e) {
      throw new BadInputException("cannot write " + target + ": " + oneLine(e), e);
    }
    boolean written = false;
    try {
      writer.write(out);
      written = true;
    } catch (IOException e) {
      throw new BadInputException("cannot write " + target + ": " + oneLine(e), e);
    } finally {
      if (!written) {
        out.abort();
      }
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new BadInputException("cannot write " + target + ": " + oneLine(e), e);
    }
  }

  /** How {@link #replace} put a file in place, for the tests of each way. */
  enum Replacement { ATOMIC_LOCAL_MOVE, HDFS_RENAME_OVERWRITE, AFTER_BACKUP }

  /**
   * Moves {@code temporary} onto {@code target}, whether or not the target exists. A local disk
   * and HDFS replace a file in one atomic rename; elsewhere the old file is renamed to a backup
   * first and deleted only once the new one is in place, and put back if that fails.
   */
  Replacement replace(FileSystem fs, Path temporary, Path target) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Files.move(java.nio.file.Path.of(fs.makeQualified(temporary).toUri()),
          java.nio.file.Path.of(fs.makeQualified(target).toUri()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return Replacement.ATOMIC_LOCAL_MOVE;
    }
    if ("hdfs".equals(fs.getUri().getScheme())) {
      FileContext.getFileContext(fs.getUri(), hadoop).rename(temporary, target, Options.Rename.OVERWRITE);
      return Replacement.HDFS_RENAME_OVERWRITE;
    }
    Path backup = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
    boolean hadTarget = fs.exists(target);
    if (hadTarget && !fs.rename(target, backup)) {
      throw new IOException("renaming the old " + target + " aside failed");
    }
    boolean placed = false;
    try {
      placed = fs.rename(temporary, target);
    } finally {
      if (!placed && hadTarget && !fs.rename(backup, target)) {
        throw new IOException("renaming the new file into " + target + " failed, and so did putting the old one back;"
            + " it is at " + backup);
      }
    }
    if (!placed) {
      throw new IOException("rename to " + target + " failed");
    }
    if (hadTarget) {
      fs.delete(backup, false);
    }
    return Replacement.AFTER_BACKUP;
  }

  /** Deletes the file at {@code path}, if there is one. */
  public void delete(String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(hadoop).delete(p, false);
    } catch (IOException e) {
      throw new BadInputException("cannot delete " + path + ": " + oneLine(e), e);
    }
  }

  public void writeString(String path, String content) {
    write(path, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  public String readString(String path) {
    return read(path, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  public <T> T read(String path, Reader<T> reader) {
    Path source = new Path(path);
    try {
      FileSystem fs = source.getFileSystem(hadoop);
      if (!fs.exists(source)) {
        throw new BadInputException("no such file: " + path);
      }
      try (InputStream in = fs.open(source)) {
        return reader.read(in);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read " + path + ": " + oneLine(e), e);
    }
  }

  /** A file copied to a temporary local file, which closing deletes. */
  public record LocalCopy(java.nio.file.Path path) implements AutoCloseable {
    @Override
    public void close() {
      try {
        java.nio.file.Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot delete the temporary " + path, e);
      }
    }
  }

  /**
   * Copies {@code path} to a local temporary file, for readers that need one (a zip). Only the
   * copy can fail here, as {@link #read} fails: what the copy holds is the caller's to judge, so
   * that a file the filesystem failed to deliver is not mistaken for a corrupt one.
   */
  public LocalCopy localCopy(String path) {
    java.nio.file.Path local;
    try {
      local = java.nio.file.Files.createTempFile("bln-", "-" + new Path(path).getName());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create a local temporary file", e);
    }
    LocalCopy copy = new LocalCopy(local);
    try {
      read(path, in -> java.nio.file.Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING));
      return copy;
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  public boolean exists(String path) {
    Path p = new Path(path);
    try {
      return fileSystem(p).exists(p);
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot be checked (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Fails with a one-line message unless {@code path} exists. */
  public void requireExists(String path) {
    if (!exists(path)) {
      throw new BadInputException(path + ": no such file or directory");
    }
  }

  /**
   * Fails early, before any work, when a directory cannot be created at {@code path}: its nearest
   * existing ancestor must be a directory this user may write. Creates nothing.
   */
  public void requireCreatableDirectory(String path) {
    Path p = new Path(path);
    FileSystem fs = writableFileSystem(p);
    try {
      Path ancestor = p;
      while (ancestor != null && !fs.exists(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null) {
        return;
      }
      if (!fs.getFileStatus(ancestor).isDirectory()) {
        throw new BadInputException("cannot write under " + path + ": " + ancestor + " is a file");
      }
      fs.access(ancestor, FsAction.WRITE);
    } catch (IOException e) {
      throw new BadInputException("cannot write under " + path + ": " + oneLine(e), e);
    }
  }

  private static void mkdirs(FileSystem fs, Path dir) throws IOException {
    if (dir != null && !fs.mkdirs(dir)) {
      throw new IOException("mkdirs returned false");
    }
  }

  private void deleteQuietly(Path path) {
    try {
      path.getFileSystem(hadoop).delete(path, false);
    } catch (IOException | RuntimeException ignored) {
      // The original failure is the one worth reporting.
    }
  }

  /** The first line of a failure's message, or its type when it has none. */
  public static String oneLine(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
  }

  /** Messages from Hadoop and Spark may span lines; ours are one line. */
  public static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
