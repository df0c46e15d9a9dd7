package org.blnspark.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a file: in one step on a local disk, and never losing the old one where a rename can fail. */
class HadoopFilesTest {
  @TempDir
  Path dir;

  @AfterEach
  void heal() {
    FaultyFileSystem.failRenames = false;
  }

  /**
   * GCS, Azure's blob stores and the older S3 connectors rename by copying, and bln-spark is tested
   * on none of them (S3A is written in place, S3aStoreTest): every way of writing refuses them with
   * one line that names the alternatives, also when one is the default filesystem.
   */
  @Test
  void anUntestedObjectStoreIsRefusedForEveryWriteNamingTheAlternatives() {
    HadoopFiles files = new HadoopFiles(new Configuration());
    Configuration gsDefault = new Configuration();
    gsDefault.set("fs.defaultFS", "gs://bucket");
    HadoopFiles onGcsByDefault = new HadoopFiles(gsDefault);
    Stream.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> files.writeString("gs://bucket/runs/report.json", "{}"),
            () -> files.requireCreatableDirectory("abfs://container@account/runs/lenet"),
            () -> AtomicDirectory.requireAbsent(files, "s3n://bucket/data/fmnist"),
            () -> AtomicDirectory.publish(files, "wasb://bucket/data/fmnist", temporary -> temporary),
            () -> OutputLock.acquire(files, "GS://bucket/runs/lenet"),
            () -> onGcsByDefault.writeString("/runs/report.json", "{}"))
        .forEach(write -> assertThatThrownBy(write).isInstanceOf(BadInputException.class)
            .hasMessageContaining("bln-spark has not been tested on").hasMessageContaining("s3a://...")
            .hasMessageContaining("HDFS (hdfs://...)").hasMessageContaining("a local path (file:///...)")
            .hasMessageNotContaining("\n"));
  }

  @Test
  void aRenameThatFailsLeavesTheOldFileAndNoHiddenFiles() throws IOException {
    HadoopFiles files = new HadoopFiles(FaultyFileSystem.configuration());
    String model = "faulty://" + dir.resolve("model.zip");
    files.writeString(model, "old");
    FaultyFileSystem.failRenames = true;

    assertThatThrownBy(() -> files.writeString(model, "new")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("injected failure");
    assertThat(Files.readString(dir.resolve("model.zip"))).isEqualTo("old");
    assertThat(hiddenFiles()).isEmpty();

    FaultyFileSystem.failRenames = false;
    files.writeString(model, "new");
    assertThat(Files.readString(dir.resolve("model.zip"))).isEqualTo("new");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void aBugInAWriterStaysABugAndLeavesTheOldFile() throws IOException {
    HadoopFiles files = new HadoopFiles(new Configuration());
    String report = dir.resolve("report.json").toString();
    files.writeString(report, "old");
    IllegalStateException bug = new IllegalStateException("a bug in the writer");
    assertThatThrownBy(() -> files.write(report, out -> {
      out.write('x');
      throw bug;
    })).isSameAs(bug);
    assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo("old");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void aLocalFileIsReplacedByOneAtomicMove() throws IOException {
    HadoopFiles files = new HadoopFiles(new Configuration());
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("metrics.json").toUri());
    FileSystem fs = target.getFileSystem(files.configuration());
    for (String content : new String[] {"first", "second"}) {
      org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(dir.resolve(".metrics.json.tmp-1").toUri());
      Files.writeString(dir.resolve(".metrics.json.tmp-1"), content, StandardCharsets.UTF_8);
      assertThat(files.replace(fs, temporary, target)).isEqualTo(HadoopFiles.Replacement.ATOMIC_LOCAL_MOVE);
      assertThat(Files.readString(dir.resolve("metrics.json"))).isEqualTo(content);
    }
    assertThat(hiddenFiles()).isEmpty();
    // Through write, as every output is written: no checksum or temporary file is left beside it.
    files.writeString(dir.resolve("report.json").toString(), "{}");
    files.writeString(dir.resolve("report.json").toString(), "{\"again\":1}");
    assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo("{\"again\":1}");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void anHdfsFileIsReplacedByOneRenameWithOverwrite() throws Exception {
    try (org.blnspark.jobs.cluster.MiniHdfs hdfs = org.blnspark.jobs.cluster.MiniHdfs.start(dir.resolve("hdfs"))) {
      HadoopFiles files = new HadoopFiles(hdfs.clientConfiguration());
      String model = hdfs.uri() + "/runs/model.zip";
      files.writeString(model, "old");
      FileSystem fs = FileSystem.newInstance(hdfs.uri(), hdfs.clientConfiguration());
      try {
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path("/runs/.model.zip.tmp-2");
        try (var out = fs.create(temporary, false)) {
          out.write("new".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(files.replace(fs, temporary, new org.apache.hadoop.fs.Path(model)))
            .isEqualTo(HadoopFiles.Replacement.HDFS_RENAME_OVERWRITE);
        String content = files.read(model, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(content).isEqualTo("new");
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/runs"))).hasSize(1);
      } finally {
        fs.close();
      }
    }
  }

  private Stream<String> hiddenFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList().stream();
    }
  }
}
