package org.blnspark.jobs.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under its own scheme, {@code faulty://}, whose rename of a temporary file onto
 * its target fails while {@link #failRenames} is set: the crash between "new file written" and
 * "new file in place" that replacing a file must survive. Being neither {@code file://} nor
 * {@code hdfs://}, it gets no atomic replace and shows the fallback. While {@link #failReadsOf}
 * is set, opening a file whose name ends with it fails, as a read from an HDFS whose datanodes
 * are briefly unreachable does, although the file is whole.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  static volatile boolean failRenames;
  public static volatile String failReadsOf;

  /** A configuration in which {@code faulty://} paths reach this filesystem. */
  public static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
    return conf;
  }

  @Override
  public String getScheme() {
    return "faulty";
  }

  @Override
  public URI getUri() {
    return URI.create("faulty:///");
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String failing = failReadsOf;
    if (failing != null && f.getName().endsWith(failing)) {
      throw new IOException("injected failure reading " + f);
    }
    return super.open(f, bufferSize);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (failRenames && src.getName().contains(".tmp-")) {
      throw new IOException("injected failure renaming " + src + " to " + dst);
    }
    return super.rename(src, dst);
  }
}
