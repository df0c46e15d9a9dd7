package org.blnspark.jobs.data;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which examples a prepared dataset holds: per split, its number of rows and a hash of them. Two
 * preparations of the same raw data with another {@code --limit}, {@code --train-fraction} or
 * {@code --seed} have the same {@link DatasetIdentity} but not the same content, so results
 * trained on one are never taken for the other's.
 *
 * <p>A split's hash is the sum, modulo 2<sup>256</sup>, of each row's SHA-256 (of its label and
 * its features' float bits). A sum does not depend on the order of the rows, so the same data read
 * under another partitioning hashes the same, and partitions add up without being gathered.
 *
 * @param splits every split's row count and hash
 */
public record DatasetContent(Map<Split, SplitContent> splits) {
  /** One split's rows: how many, and the hash of all of them, in hex. */
  public record SplitContent(long rows, String sha256) {
    public SplitContent {
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  public DatasetContent {
    splits = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(splits, "splits")));
  }

  /** The content of {@code rows} with the columns {@code features}, {@code label} and {@code split}: one Spark job. */
  public static DatasetContent of(Dataset<Row> rows) {
    List<Map<Split, Sum>> partials = rows.select(DatasetReader.FEATURES, DatasetReader.LABEL, DatasetReader.SPLIT)
        .javaRDD().mapPartitions(DatasetContent::sumPartition).collect();
    Map<Split, Sum> total = new EnumMap<>(Split.class);
    for (Split split : Split.values()) {
      total.put(split, new Sum());
    }
    partials.forEach(partial -> partial.forEach((split, sum) -> total.get(split).add(sum)));
    Map<Split, SplitContent> splits = new EnumMap<>(Split.class);
    total.forEach((split, sum) -> splits.put(split, sum.content()));
    return new DatasetContent(splits);
  }

  /** How {@code other} differs from this content, said for a person: the first split that differs. */
  public Optional<String> mismatch(DatasetContent other) {
    for (Split split : Split.values()) {
      SplitContent mine = splits.get(split);
      SplitContent theirs = other.splits.get(split);
      if (Objects.equals(mine, theirs)) {
        continue;
      }
      if (mine == null || theirs == null) {
        return Optional.of("the " + split + " split is " + (mine == null ? "missing there" : "missing here"));
      }
      return Optional.of(mine.rows() != theirs.rows()
          ? "the " + split + " split has " + mine.rows() + " rows there, " + theirs.rows() + " here"
          : "the " + split + " split has as many rows (" + mine.rows() + ") but other ones");
    }
    return Optional.empty();
  }

  private static Iterator<Map<Split, Sum>> sumPartition(Iterator<Row> rows) throws NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    Map<Split, Sum> sums = new EnumMap<>(Split.class);
    ByteBuffer bytes = ByteBuffer.allocate(0);
    while (rows.hasNext()) {
      Row row = rows.next();
      List<Number> features = row.getList(0);
      int size = 2 * Integer.BYTES + features.size() * Float.BYTES;
      if (bytes.capacity() < size) {
        bytes = ByteBuffer.allocate(size);
      }
      bytes.clear();
      bytes.putInt(row.getInt(1)).putInt(features.size());
      for (Number value : features) {
        bytes.putInt(Float.floatToIntBits(value.floatValue()));
      }
      sha256.update(bytes.array(), 0, size);
      sums.computeIfAbsent(Split.parse(row.getString(2)), s -> new Sum()).add(sha256.digest());
    }
    return List.of(sums).iterator();
  }

  /** A running count and sum of row hashes; serialisable, since partitions send theirs to the driver. */
  private static final class Sum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private long rows;
    private BigInteger total = BigInteger.ZERO;

    void add(byte[] digest) {
      rows++;
      total = total.add(new BigInteger(1, digest)).mod(MODULUS);
    }

    void add(Sum other) {
      rows += other.rows;
      total = total.add(other.total).mod(MODULUS);
    }

    SplitContent content() {
      byte[] unsigned = new byte[32];
      byte[] value = total.toByteArray();
      // toByteArray is big-endian with a sign byte when the top bit is set: keep the low 32 bytes.
      int length = Math.min(value.length, 32);
      System.arraycopy(value, value.length - length, unsigned, 32 - length, length);
      return new SplitContent(rows, HexFormat.of().formatHex(unsigned));
    }
  }
}
