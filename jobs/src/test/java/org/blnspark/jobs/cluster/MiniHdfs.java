package org.blnspark.jobs.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (one NameNode, one DataNode) inside this JVM, on MiniDFSCluster from
 * {@code hadoop-client-minicluster}. Every socket is bound to 127.0.0.1.
 *
 * <p>For tests: {@code try (MiniHdfs hdfs = MiniHdfs.start(dir)) { ... hdfs.uri() ... }}.
 *
 * <p>For {@code docker/local-cluster.sh start --hdfs}: {@link #main} starts it, writes the
 * {@code hdfs://127.0.0.1:PORT} URI to a file once the cluster is active, and runs until the JVM
 * is terminated (SIGTERM or SIGINT shut HDFS down cleanly and remove the URI file).
 */
public final class MiniHdfs implements AutoCloseable {

    private final MiniDFSCluster cluster;
    private final URI uri;
    private volatile boolean closed;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
        this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
    }

    /** Starts HDFS with its storage under {@code baseDir}, the NameNode RPC on a free port. */
    public static MiniHdfs start(Path baseDir) throws IOException {
        return start(baseDir, 0);
    }

    /**
     * Starts HDFS with its storage under {@code baseDir} (formatted afresh) and the NameNode RPC
     * on {@code nameNodePort} (0 = a free port). Returns once the DataNode has registered.
     */
    public static MiniHdfs start(Path baseDir, int nameNodePort) throws IOException {
        Files.createDirectories(baseDir);
        Configuration conf = new Configuration(false);
        conf.addResource("core-default.xml");
        conf.addResource("hdfs-default.xml");
        // MiniDFSCluster puts the NameNode RPC/HTTP and the DataNode on 127.0.0.1 itself; these pin
        // the remaining listeners so that nothing ends up on 0.0.0.0.
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.namenode.https-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.https.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setInt("dfs.replication", 1);
        // Simple mode trusts the user name a client gives; permission checks at least keep a
        // client that names another user out of this user's files (this user is the superuser).
        // WebHDFS cannot be turned off in Hadoop 3 and would take any user name from a URL, this
        // user's too: a pattern that no name matches refuses every named request, which leaves
        // anonymous ones, run as Hadoop's static web user under the permission checks.
        conf.setBoolean("dfs.permissions.enabled", true);
        conf.set("dfs.webhdfs.user.provider.user.pattern", "(?!)");
        conf.setLong("dfs.namenode.safemode.extension", 0);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile())
                .nameNodePort(nameNodePort)
                .nameNodeHttpPort(0)
                .numDataNodes(1)
                .storagesPerDatanode(1)
                .enableManagedDfsDirsRedundancy(false)
                .format(true)
                .checkDataNodeAddrConfig(true)
                .build();
        try {
            cluster.waitActive();
            cluster.waitClusterUp();
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
        return new MiniHdfs(cluster);
    }

    /** {@code hdfs://127.0.0.1:PORT}, the value for {@code fs.defaultFS}. */
    public URI uri() {
        return uri;
    }

    /** The NameNode RPC port. */
    public int port() {
        return uri.getPort();
    }

    /** The NameNode's HTTP port: its web UI and JMX. */
    public int httpPort() {
        return cluster.getNameNode().getHttpAddress().getPort();
    }

    /**
     * A client configuration for this file system: {@code fs.defaultFS} set, and connection
     * retries off so that a stopped cluster fails fast instead of retrying for minutes.
     */
    public Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", uri.toString());
        conf.setInt("ipc.client.connect.max.retries", 0);
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
        conf.setBoolean("dfs.client.retry.policy.enabled", false);
        return conf;
    }

    /** Shuts the NameNode and DataNode down and deletes their storage. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cluster.shutdown(true);
        }
    }

    /**
     * {@code MiniHdfs BASE_DIR URI_FILE [PORT]}: starts HDFS under BASE_DIR, writes its URI (one
     * line) to URI_FILE, and runs until SIGTERM or SIGINT.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MiniHdfs BASE_DIR URI_FILE [NAMENODE_PORT]");
            System.exit(2);
        }
        Path baseDir = Paths.get(args[0]);
        Path uriFile = Paths.get(args[1]);
        int port = args.length == 3 ? Integer.parseInt(args[2]) : 0;

        // SIGTERM/SIGINT stop HDFS from the main thread, before the JVM starts shutting down:
        // MiniDFSCluster.shutdown() from inside a JVM shutdown hook fails (Hadoop's DataNode
        // removes shutdown hooks of its own, which is illegal once shutdown is in progress).
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> stop.countDown());

        MiniHdfs hdfs = start(baseDir, port);
        int status = 0;
        try {
            // Written atomically, and only once the cluster is usable: the script polls for it.
            Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
            Files.write(tmp, (hdfs.uri() + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, uriFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("MiniHdfs up at " + hdfs.uri());
            stop.await();
            System.out.println("MiniHdfs stopping");
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            Files.deleteIfExists(uriFile);
            hdfs.close();
        }
        System.exit(status);
    }
}
