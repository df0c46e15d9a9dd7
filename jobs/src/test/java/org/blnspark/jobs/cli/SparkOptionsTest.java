package org.blnspark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.shuffle.protocol.BlockTransferMessage;
import org.apache.spark.network.shuffle.protocol.OpenBlocks;
import org.apache.spark.network.shuffle.protocol.StreamHandle;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** What the driver adds to spark-submit's settings. */
class SparkOptionsTest {
  @Test
  void underAUsersOwnSparkSubmitTheUiCannotKillJobs() {
    // As spark-submit hands a cluster master to the driver, with the UI on.
    SparkConf submitted = new SparkConf(false).setMaster("spark://10.0.0.5:7077").set("spark.ui.enabled", "true");
    SparkConf conf = new SparkOptions().configure(submitted);
    assertThat(conf.get("spark.ui.killEnabled")).isEqualTo("false");
    assertThat(conf.get("spark.ui.enabled")).isEqualTo("true");
    assertThat(conf.contains("spark.driver.bindAddress")).as("a cluster driver binds where the user says").isFalse();
    // A user who wants the links says so, and is not overruled.
    assertThat(new SparkOptions().configure(new SparkConf(false).setMaster("spark://h:7077")
        .set("spark.ui.killEnabled", "true")).get("spark.ui.killEnabled")).isEqualTo("true");
  }

  @Test
  void theEmbeddedDriverBindsToLoopbackWithoutAUi() {
    SparkConf conf = SparkOptions.master("local[2]").configure(new SparkConf(false));
    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
  }

  /**
   * Any user of the machine can connect to loopback, so a local driver must refuse a client that
   * does not know its secret: on its RPC port (where executors and the block manager master
   * answer) and on its block-transfer port (which serves broadcasts and cached data). A client
   * given the secret gets in, which shows that what refuses the other is the authentication.
   */
  @Test
  void aLocalDriverRefusesClientsWithoutItsSecret() throws Exception {
    // A session another test class left running would be handed back instead of a new one, with
    // that class's settings; stop it, as each bln command stops the session it ran on.
    for (scala.Option<SparkSession> left : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
      if (left.isDefined()) {
        left.get().stop();
      }
    }
    try (SparkSession spark = SparkOptions.master("local[2]").session("authenticated")) {
      SparkContext sc = spark.sparkContext();
      String secret = sc.env().securityManager().getSecretKey();
      int rpcPort = Integer.parseInt(sc.getConf().get("spark.driver.port"));
      int blockPort = SparkEnv.get().blockManager().blockTransferService().port();
      Broadcast<String> broadcast = sc.broadcast("served by the driver's block manager",
          scala.reflect.ClassTag$.MODULE$.apply(String.class));
      String block = "broadcast_" + broadcast.id() + "_piece0";

      assertThatThrownBy(() -> askRpcEndpoint(rpcPort, new SparkConf(false)))
          .as("an RPC client without the secret").isInstanceOf(Exception.class);
      assertThat(askRpcEndpoint(rpcPort, new SparkConf(false).set("spark.authenticate", "true")
          .set("spark.authenticate.secret", secret))).as("an RPC client with the secret").isTrue();

      assertThatThrownBy(() -> openBlock(blockPort, sc.applicationId(), block, null))
          .as("a block-transfer client without the secret").isInstanceOf(Exception.class);
      assertThat(openBlock(blockPort, sc.applicationId(), block, secret)).as("a block-transfer client with the secret")
          .isPositive();
    }
  }

  /** True when the driver's RPC endpoint that executors report to can be looked up. */
  private static boolean askRpcEndpoint(int port, SparkConf client) {
    client.set("spark.rpc.askTimeout", "10s").set("spark.rpc.lookupTimeout", "10s");
    SecurityManager security = new SecurityManager(client, SecurityManager.$lessinit$greater$default$2(),
        SecurityManager.$lessinit$greater$default$3());
    RpcEnv env = RpcEnv.create("client", "127.0.0.1", 0, client, security, true);
    try {
      return env.setupEndpointRefByURI("spark://HeartbeatReceiver@127.0.0.1:" + port) != null;
    } finally {
      env.shutdown();
    }
  }

  /** Asks the driver's block-transfer server to open one block; returns the number of chunks it offers. */
  private static int openBlock(int port, String appId, String blockId, String secret) throws Exception {
    TransportConf conf = new TransportConf("shuffle", new MapConfigProvider(Map.of()));
    List<TransportClientBootstrap> bootstraps = secret == null ? List.of()
        : List.of(new AuthClientBootstrap(conf, appId, new SecretKeyHolder() {
          @Override
          public String getSaslUser(String app) {
            return "sparkSaslUser";
          }

          @Override
          public String getSecretKey(String app) {
            return secret;
          }
        }));
    try (TransportContext context = new TransportContext(conf, new NoOpRpcHandler());
        TransportClientFactory factory = context.createClientFactory(bootstraps)) {
      TransportClient client = factory.createClient("127.0.0.1", port);
      ByteBuffer reply = client.sendRpcSync(new OpenBlocks(appId, "driver", new String[] {blockId}).toByteBuffer(),
          10_000);
      return ((StreamHandle) BlockTransferMessage.Decoder.fromByteBuffer(reply)).numChunks;
    }
  }
}
