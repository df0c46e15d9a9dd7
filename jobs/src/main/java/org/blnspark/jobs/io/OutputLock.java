package org.blnspark.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.blnspark.spark.BadInputException;

/**
 * One writer per output directory: a marker, {@value #NAME}, created without overwrite when a run
 * starts and removed when it ends, so that a second run into the same directory is refused while
 * the first one writes there. The marker names its holder's process and host: a marker whose
 * process is gone from this host (a killed driver) is taken over with a warning; one of another
 * host cannot be checked, and the message says how to clear it. A directory the lock created and
 * that stayed empty goes with it.
 */
public final class OutputLock implements AutoCloseable {
  public static final String NAME = ".bln-lock";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutputLock.class);

  private final FileSystem fs;
  private final Path directory;
  private final Path marker;
  private final boolean createdDirectory;

  private OutputLock(FileSystem fs, Path directory, boolean createdDirectory) {
    this.fs = fs;
    this.directory = directory;
    this.marker = new Path(directory, NAME);
    this.createdDirectory = createdDirectory;
  }

  /** Takes the lock of {@code directory}, creating the directory if needed, or fails naming its holder. */
  public static OutputLock acquire(HadoopFiles files, String directory) {
    Path dir = new Path(directory);
    FileSystem fs = files.writableFileSystem(dir);
    OutputLock lock;
    try {
      boolean existed = fs.exists(dir);
      if (!existed && !fs.mkdirs(dir)) {
        throw new IOException("cannot create the directory");
      }
      lock = new OutputLock(fs, dir, !existed);
      try {
        lock.create();
      } catch (FileAlreadyExistsException e) {
        String holder = holder(fs, dir);
        if (!isDeadHereAndNow(holder)) {
          throw new BadInputException(directory + " is being written by another run (" + holder + "); wait for it, "
              + "or, if that run was killed, delete " + lock.marker);
        }
        LOG.warn("{} was left by a run that is gone ({}); taking it over", lock.marker, holder);
        fs.delete(lock.marker, false);
        lock.create();
      }
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(directory + " was locked by another run just now; wait for it", e);
    } catch (IOException e) {
      throw new BadInputException("cannot lock " + directory + " for writing: " + HadoopFiles.oneLine(e), e);
    }
    return lock;
  }

  private void create() throws IOException {
    byte[] holder = ("pid " + ManagementFactory.getRuntimeMXBean().getName() + " since " + Instant.now() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getUri().getScheme())) {
      // Hadoop's local create without overwrite checks for the file and then opens it, so two runs
      // starting together could both pass; an exclusive create (O_EXCL) lets only one.
      try {
        Files.write(java.nio.file.Path.of(fs.makeQualified(marker).toUri()), holder, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new FileAlreadyExistsException(marker + " exists");
      }
      return;
    }
    try (OutputStream out = fs.create(marker, false)) {
      out.write(holder);
    }
  }

  /** True when the holder, "pid PID@HOST since ...", was a process of this host that no longer runs. */
  private static boolean isDeadHereAndNow(String holder) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid (\\d+)@(\\S+) ").matcher(holder);
    if (!m.lookingAt()) {
      return false;
    }
    String here = ManagementFactory.getRuntimeMXBean().getName();
    String host = here.substring(here.indexOf('@') + 1);
    return m.group(2).equals(host) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  private static String holder(FileSystem fs, Path dir) {
    try (var in = fs.open(new Path(dir, NAME))) {
      return HadoopFiles.firstLine(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(marker, false);
      if (createdDirectory && fs.listStatus(directory).length == 0) {
        fs.delete(directory, false);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot unlock " + directory + ": " + HadoopFiles.oneLine(e) + "; delete "
          + marker + " by hand", e);
    }
  }
}
