package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MiniHdfsTest {

    @Test
    @Timeout(60)
    void startsServesAFileAndStops(@TempDir Path dir) throws Exception {
        MiniHdfs hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/bln/check/hello.txt");
        byte[] payload = "batch layer normalization\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        FileSystem fs;
        try {
            assertThat(hdfs.uri().toString()).matches("hdfs://127\\.0\\.0\\.1:\\d+");
            assertThat(portOpen(hdfs.port())).isTrue();

            // A client of its own (not the FileSystem cache), as a Spark job would have.
            fs = FileSystem.newInstance(hdfs.uri(), hdfs.clientConfiguration());
            assertThat(fs.getScheme()).isEqualTo("hdfs");
            try (OutputStream out = fs.create(file, true)) {
                out.write(payload);
            }
            assertThat(fs.getFileStatus(file).getLen()).isEqualTo(payload.length);
            try (InputStream in = fs.open(file)) {
                assertThat(in.readAllBytes()).isEqualTo(payload);
            }
        } finally {
            hdfs.close();
        }

        assertThat(portOpen(hdfs.port())).as("NameNode port after close").isFalse();
        try {
            assertThatThrownBy(() -> fs.getFileStatus(file)).isInstanceOf(IOException.class);
        } finally {
            fs.close();
        }
        hdfs.close(); // idempotent
    }

    /**
     * Any local user can reach loopback, and simple mode believes the user name a client gives:
     * permission checks keep a client that names another user out of the owner's directories, and
     * WebHDFS, which takes the user name from the URL, lets no one name a user.
     */
    @Test
    @Timeout(90)
    void anotherUserCannotWriteIntoTheOwnersDirectoriesNorNameAUserOverWebHdfs(@TempDir Path dir) throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.start(dir.resolve("hdfs"));
                FileSystem owner = FileSystem.newInstance(hdfs.uri(), hdfs.clientConfiguration())) {
            org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path("/runs");
            assertThat(owner.mkdirs(runs)).isTrue();

            UserGroupInformation intruder = UserGroupInformation.createRemoteUser("intruder");
            assertThatThrownBy(() -> intruder.doAs((PrivilegedExceptionAction<Boolean>) () -> {
                try (FileSystem fs = FileSystem.newInstance(hdfs.uri(), hdfs.clientConfiguration())) {
                    return fs.mkdirs(new org.apache.hadoop.fs.Path(runs, "planted"));
                }
            })).isInstanceOf(AccessControlException.class).hasMessageContaining("Permission denied");

            // Over WebHDFS, naming the owner (the superuser), or no one (Hadoop's static web user).
            for (String asWhom : new String[] {"&user.name=" + System.getProperty("user.name"), ""}) {
                HttpURLConnection webHdfs = (HttpURLConnection) URI.create("http://127.0.0.1:" + hdfs.httpPort()
                        + "/webhdfs/v1/runs/planted?op=MKDIRS" + asWhom).toURL().openConnection();
                webHdfs.setRequestMethod("PUT");
                assertThat(webHdfs.getResponseCode()).as("WebHDFS's answer to a mkdir %s", asWhom)
                        .isGreaterThanOrEqualTo(400);
            }
            assertThat(owner.exists(new org.apache.hadoop.fs.Path(runs, "planted"))).isFalse();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
