package org.blnspark.jobs.run;

import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.BadInputException;

/**
 * The manifest of a train output, {@value #FILE}: which files one publication wrote there. A run
 * writes it after everything it lists, each of which records the same {@code publication}, so a
 * file that does not match the manifest beside it was written by a publication that did not
 * finish (a crash between {@code model.zip} and {@code metrics.json}, say), and is refused.
 *
 * @param publication the publication's id, also in each listed file's provenance or metrics
 * @param run the identity of the run that published them, which a resumed run must share to replace them
 * @param files the names of the files published, in the manifest's directory
 */
record RunManifest(String publication, RunIdentity run, List<String> files) {
  static final String FILE = "_bln_run.json";

  /** The manifest in {@code directory}, if any. */
  static Optional<RunManifest> read(HadoopFiles files, String directory) {
    String path = directory + "/" + FILE;
    if (!files.exists(path)) {
      return Optional.empty();
    }
    return Optional.of(files.read(path, in -> Json.MAPPER.readValue(in, RunManifest.class)));
  }

  /** Writes this manifest into {@code directory}, which publishes the files it lists. */
  void write(HadoopFiles files, String directory) {
    files.write(directory + "/" + FILE, out -> Json.MAPPER.writeValue(out, this));
  }

  /**
   * Fails unless the file at {@code path}, which records {@code publication} (null for none), is
   * the one the manifest beside it lists; a file that no manifest lists, such as a model copied
   * elsewhere, passes.
   */
  static void requireListed(HadoopFiles files, String path, String publication) {
    Path file = new Path(path);
    if (file.getParent() == null) {
      return;
    }
    read(files, file.getParent().toString())
        .filter(manifest -> manifest.files().contains(file.getName()) && !manifest.publication().equals(publication))
        .ifPresent(manifest -> {
          throw new BadInputException(path + " is not the " + file.getName() + " that " + file.getParent() + "/"
              + FILE + " lists: a run is writing there or died while it did; wait for it, or train again with "
              + "--overwrite");
        });
  }
}
