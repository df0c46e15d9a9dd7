package org.blnspark.jobs.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.BadInputException;

/**
 * Starts a driver of a standalone cluster and waits until the master has taken it, for a bounded
 * time. Spark itself blocks the SparkContext's constructor for a minute of registration retries,
 * each logged with pages of stack traces, then hands back a context that is being stopped. Here the
 * context starts on a thread of its own, so that a failed authentication, which the master answers
 * at once, ends the wait at once with one line that names the secret, and a master that never
 * answers ends it after the timeout. The traces stay in the log file.
 */
final class MasterRegistration implements AutoCloseable {
  /** Spark's transport, whose client logs the master's refusal of a handshake. */
  private static final String TRANSPORT = "org.apache.spark.network";
  /**
   * A failed SASL handshake as the driver sees it: the master's exception comes back as the text
   * of a RuntimeException, so the class is recognised by its name in that text.
   */
  private static final String SASL_FAILURE = "javax.security.sasl.SaslException";
  private static final Duration POLL = Duration.ofMillis(200);

  private volatile boolean authenticationFailed;
  private final Runnable uninstall;

  private MasterRegistration() {
    this.uninstall = watchTransport();
  }

  /**
   * The session {@code start} makes, once its standalone master has registered the application;
   * a local master needs no wait. Fails with a {@link BadInputException} when the master refuses
   * the driver's secret or does not take it within {@code timeout}.
   */
  static SparkSession start(Supplier<SparkSession> start, boolean standalone, String master, Duration timeout) {
    if (!standalone) {
      return start.get();
    }
    try (MasterRegistration registration = new MasterRegistration()) {
      CompletableFuture<SparkSession> starting = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try {
          starting.complete(start.get());
        } catch (Throwable e) {
          starting.completeExceptionally(e);
        }
      }, "bln-driver-start");
      // A context Spark never lets go of must not keep the JVM alive after the command's error.
      thread.setDaemon(true);
      thread.start();
      return registration.await(starting, master, timeout);
    }
  }

  private SparkSession await(CompletableFuture<SparkSession> starting, String master, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (authenticationFailed) {
        starting.thenAccept(SparkSession::stop);
        throw new BadInputException("the master at " + master + " refused this driver: authentication failed. "
            + "Give the driver the cluster's secret (SPARK_AUTH_SECRET, or spark.authenticate.secret in the "
            + "properties file)");
      }
      SparkSession session = starting.getNow(null);
      if (session != null && session.sparkContext().applicationId().startsWith("app-")) {
        return session;
      }
      if ((session != null && session.sparkContext().isStopped()) || System.nanoTime() > deadline) {
        starting.thenAccept(SparkSession::stop);
        throw new BadInputException("the master at " + master + " did not take this driver within "
            + timeout.toSeconds() + " s; check the master URL, that the master runs and is reachable, and that it "
            + "has workers");
      }
      if (starting.isCompletedExceptionally()) {
        try {
          starting.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the master", e);
      }
    }
  }

  /**
   * An appender on Spark's transport loggers that notes a failed handshake; the events still go
   * where the configuration sends them. Without log4j-core (another logging backend), nothing is
   * watched and only the timeout applies.
   */
  private Runnable watchTransport() {
    // Spark's classes log through the context of the loader that loaded Spark, which under
    // spark-submit is not the one of this application's jar.
    if (!(LogManager.getContext(SparkContext.class.getClassLoader(), false) instanceof LoggerContext context)) {
      return () -> { };
    }
    AbstractAppender appender = new AbstractAppender("bln-authentication-watch", null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
          if (String.valueOf(t.getMessage()).contains(SASL_FAILURE)) {
            authenticationFailed = true;
          }
        }
      }
    };
    appender.start();
    // The configuration the transport's events go through: its own, a parent package's, or the root.
    LoggerConfig transport = context.getConfiguration().getLoggerConfig(TRANSPORT);
    transport.addAppender(appender, Level.ERROR, null);
    context.updateLoggers();
    return () -> {
      transport.removeAppender(appender.getName());
      context.updateLoggers();
      appender.stop();
    };
  }

  @Override
  public void close() {
    uninstall.run();
  }
}
