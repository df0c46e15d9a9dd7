package org.blnspark.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.blnspark.model.BadInputException;

/**
 * One writer per output directory: a marker, {@value #NAME}, created without overwrite when a run
 * starts and removed when it ends, so that a second run into the same directory is refused while
 * the first one writes there. The marker names its holder's process and host, and a token of its
 * own: a marker whose process is gone from this host (a killed driver) is taken over with a
 * warning; one of another host cannot be checked, and the message says how to clear it. A
 * directory the lock created and that stayed empty goes with it.
 *
 * <p>Taking over is atomic: several runs may find the same dead holder at once, and deleting its
 * marker then creating one's own would let each of them delete the marker another had just made.
 * So a taker first creates a claim named after the dead holder, exclusively: only one run can hold
 * it. While it does, the dead holder's marker can change only by its hand (the holder is dead, and
 * every marker's token is new), so it deletes that marker if it is still there, creates its own,
 * and drops the claim. A slow taker that claims the same holder later finds a marker that is not
 * the dead one's and gets nothing. Renaming the marker aside would not do: a slow taker would move
 * the marker that the first one had just created. For the same reason {@link #close} deletes the
 * marker only while it is ours.
 *
 * <p>On S3A the exclusive create is S3's conditional write ({@link S3ConditionalCreate}).
 */
public final class OutputLock implements AutoCloseable {
  public static final String NAME = ".bln-lock";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutputLock.class);
  private static final Pattern HOLDER = Pattern.compile("pid (\\d+)@(\\S+) ");

  private final FileSystem fs;
  private final Path directory;
  private final Path marker;
  private final boolean createdDirectory;
  /** What our marker holds: "pid PID@HOST since INSTANT token UUID", never the same for two locks. */
  private final String holder;

  private OutputLock(FileSystem fs, Path directory, boolean createdDirectory) {
    this.fs = fs;
    this.directory = directory;
    this.marker = new Path(directory, NAME);
    this.createdDirectory = createdDirectory;
    this.holder = "pid " + ManagementFactory.getRuntimeMXBean().getName() + " since " + Instant.now() + " token "
        + UUID.randomUUID();
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
        lock.createExclusively(lock.marker);
      } catch (FileAlreadyExistsException e) {
        String stale = holder(fs, lock.marker);
        if (!isDeadHereAndNow(stale)) {
          throw new BadInputException(directory + " is being written by another run (" + stale + "); wait for it, "
              + "or, if that run was killed, delete " + lock.marker);
        }
        LOG.warn("{} was left by a run that is gone ({}); taking it over", lock.marker, stale);
        lock.takeOver(stale);
      }
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(directory + " was locked by another run just now; wait for it", e);
    } catch (IOException e) {
      throw new BadInputException("cannot lock " + directory + " for writing: " + HadoopFiles.oneLine(e), e);
    }
    return lock;
  }

  /** Replaces the marker of {@code stale}, a dead holder, by ours, unless another run is doing so. */
  private void takeOver(String stale) throws IOException {
    Path claim = new Path(directory, NAME + ".takeover-" + UUID.nameUUIDFromBytes(stale.getBytes(StandardCharsets.UTF_8)));
    try {
      createExclusively(claim);
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(directory + " is being taken over by another run just now; wait for it, or, if "
          + "no run is starting there, delete " + claim + " and " + marker, e);
    }
    try {
      if (stale.equals(holder(fs, marker))) {
        fs.delete(marker, false);
      }
      createExclusively(marker);
    } finally {
      fs.delete(claim, false);
    }
  }

  /** Creates {@code file} holding our holder line, failing with FileAlreadyExistsException if it exists. */
  private void createExclusively(Path file) throws IOException {
    byte[] content = (holder + "\n").getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getUri().getScheme())) {
      // Hadoop's local create without overwrite checks for the file and then opens it, so two runs
      // starting together could both pass; an exclusive create (O_EXCL) lets only one.
      try {
        Files.write(java.nio.file.Path.of(fs.makeQualified(file).toUri()), content, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new FileAlreadyExistsException(file + " exists");
      }
      return;
    }
    if (fs instanceof S3AFileSystem s3a) {
      // S3A's create without overwrite checks, then uploads: not exclusive.
      S3ConditionalCreate.create(s3a, file, content);
      return;
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
    }
  }

  /** True when the holder, "pid PID@HOST since ...", was a process of this host that no longer runs. */
  private static boolean isDeadHereAndNow(String holder) {
    Matcher m = HOLDER.matcher(holder);
    if (!m.lookingAt()) {
      return false;
    }
    String here = ManagementFactory.getRuntimeMXBean().getName();
    String host = here.substring(here.indexOf('@') + 1);
    return m.group(2).equals(host) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  private static String holder(FileSystem fs, Path marker) {
    try (var in = fs.open(marker)) {
      return HadoopFiles.firstLine(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  /**
   * Deletes the marker if it is still ours. Reading it and then deleting it is safe: while this
   * process lives, no other run takes the marker over, so only a person could have replaced it.
   */
  @Override
  public void close() {
    try {
      if (holder.equals(holder(fs, marker))) {
        fs.delete(marker, false);
      } else {
        LOG.warn("{} is no longer this run's lock (it holds: {}); leaving it", marker, holder(fs, marker));
      }
      if (createdDirectory && fs.listStatus(directory).length == 0) {
        fs.delete(directory, false);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot unlock " + directory + ": " + HadoopFiles.oneLine(e) + "; delete "
          + marker + " by hand", e);
    }
  }
}
