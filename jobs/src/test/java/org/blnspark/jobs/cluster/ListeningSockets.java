package org.blnspark.jobs.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP sockets that processes listen on, as the kernel lists them in {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}, matched to the processes through the socket inodes among their open
 * files ({@code /proc/PID/fd}).
 */
final class ListeningSockets {
  /** The state TCP_LISTEN in the kernel's table. */
  private static final String LISTEN = "0A";

  /** One listening socket: its process, the address in the kernel's hex form decoded, and the port. */
  record Socket(long pid, String address, int port) {
    /** 127.0.0.0/8, ::1, or 127.x.x.x mapped into IPv6. */
    boolean loopback() {
      return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.startsWith("::ffff:127.");
    }
  }

  private ListeningSockets() {}

  /** The listening sockets of {@code pids}. */
  static List<Socket> of(Collection<Long> pids) throws IOException {
    Map<String, long[]> listening = new HashMap<>(); // inode -> {address index, port}
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (!fields[3].equals(LISTEN)) {
          continue;
        }
        String[] local = fields[1].split(":");
        addresses.add(decode(local[0]));
        listening.put(fields[9], new long[] {addresses.size() - 1, Long.parseLong(local[1], 16)});
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (long pid : pids) {
      for (String inode : socketInodes(pid)) {
        long[] socket = listening.get(inode);
        if (socket != null) {
          sockets.add(new Socket(pid, addresses.get((int) socket[0]), (int) socket[1]));
        }
      }
    }
    return sockets;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed between the listing and the read.
        }
      }
    } catch (IOException goneMeanwhile) {
      // The process ended.
    }
    return inodes;
  }

  /** The kernel's hex address: IPv4 as one little-endian word, IPv6 as four (in Java's long form, 0:0:...:1). */
  static String decode(String hex) {
    if (hex.length() == 8) {
      long word = Long.parseLong(hex, 16);
      return (word & 0xff) + "." + ((word >> 8) & 0xff) + "." + ((word >> 16) & 0xff) + "." + ((word >> 24) & 0xff);
    }
    byte[] bytes = new byte[16];
    for (int w = 0; w < 4; w++) {
      long word = Long.parseLong(hex.substring(8 * w, 8 * w + 8), 16);
      for (int b = 0; b < 4; b++) {
        bytes[4 * w + b] = (byte) (word >> (8 * b));
      }
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= bytes[i] == 0;
    }
    mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    if (mapped) {
      return "::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
          + (bytes[15] & 0xff);
    }
    try {
      return java.net.InetAddress.getByAddress(bytes).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(hex, e);
    }
  }
}
