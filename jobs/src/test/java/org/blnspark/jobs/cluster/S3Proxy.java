package org.blnspark.jobs.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real S3-compatible server for the S3A tests: S3Proxy ({@code org.gaul:s3proxy}) with its
 * filesystem backend, in a process of its own (its jar with dependencies, which the build copies to
 * {@code target/s3proxy}), on a free port of 127.0.0.1, checking every request's signature against
 * an identity and a credential drawn afresh. One bucket, {@value #BUCKET}, whose objects are the
 * files under {@link #objects()}, so that a test can watch them appear.
 */
public final class S3Proxy implements AutoCloseable {
  public static final String BUCKET = "bln";
  private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

  private final Process process;
  private final Path backend;
  private final int port;
  private final String identity;
  private final String credential;

  private S3Proxy(Process process, Path backend, int port, String identity, String credential) {
    this.process = process;
    this.backend = backend;
    this.port = port;
    this.identity = identity;
    this.credential = credential;
  }

  /** Starts S3Proxy with its state under {@code dir}; returns once it accepts connections. */
  public static S3Proxy start(Path dir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; the build's generate-test-resources "
          + "phase copies it (mvn ... test)");
    }
    Path backend = Files.createDirectories(dir.resolve("backend"));
    Files.createDirectories(backend.resolve(BUCKET));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String identity = "bln-test-" + UUID.randomUUID().toString().substring(0, 8);
    String credential = "secret-" + UUID.randomUUID();
    // The credential goes in a file only its owner reads, never on a command line.
    Path properties = dir.resolve("s3proxy.properties");
    Files.createFile(properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + identity,
        "s3proxy.credential=" + credential,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + backend.toAbsolutePath()) + "\n");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "--properties", properties.toAbsolutePath().toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    S3Proxy proxy = new S3Proxy(process, backend, port, identity, credential);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!proxy.accepts()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        proxy.close();
        throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
      }
      Thread.sleep(100);
    }
    return proxy;
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code s3a://BUCKET/key} */
  public String uri(String key) {
    return "s3a://" + BUCKET + "/" + key;
  }

  /** The directory whose files are the bucket's objects, named by their keys. */
  public Path objects() {
    return backend.resolve(BUCKET);
  }

  public long pid() {
    return process.pid();
  }

  public String identity() {
    return identity;
  }

  public String credential() {
    return credential;
  }

  /** S3A's settings for this server, credentials excluded: those come from one of S3A's providers. */
  public Map<String, String> endpointSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    // One failed request is a failed test here, not something to wait out.
    settings.put("fs.s3a.attempts.maximum", "2");
    settings.put("fs.s3a.retry.limit", "2");
    return settings;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
