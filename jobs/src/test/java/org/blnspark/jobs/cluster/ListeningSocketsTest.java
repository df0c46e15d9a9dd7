package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socket scan the cluster test relies on sees this JVM's own listeners, and tells loopback from the rest. */
class ListeningSocketsTest {
  @Test
  void aListenerOnEveryInterfaceIsNotLoopbackAndOneOnLoopbackIs() throws Exception {
    try (ServerSocket everywhere = new ServerSocket();
         ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      everywhere.bind(new InetSocketAddress(0));
      List<ListeningSockets.Socket> mine = ListeningSockets.of(List.of(ProcessHandle.current().pid()));
      assertThat(mine).filteredOn(s -> s.port() == everywhere.getLocalPort()).singleElement()
          .satisfies(s -> assertThat(s.loopback()).as("%s", s).isFalse());
      assertThat(mine).filteredOn(s -> s.port() == loopback.getLocalPort()).singleElement()
          .satisfies(s -> assertThat(s.loopback()).as("%s", s).isTrue());
    }
  }

  @Test
  void theKernelsHexAddressesDecode() {
    assertThat(ListeningSockets.decode("0100007F")).isEqualTo("127.0.0.1");
    assertThat(ListeningSockets.decode("00000000")).isEqualTo("0.0.0.0");
    assertThat(ListeningSockets.decode("00000000000000000000000001000000")).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ListeningSockets.decode("0000000000000000FFFF00000100007F")).isEqualTo("::ffff:127.0.0.1");
  }
}
