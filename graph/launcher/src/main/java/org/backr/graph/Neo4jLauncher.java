package org.backr.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Serves Neo4j Community over Bolt on loopback from a data folder, for machines without Docker.
 * Settings come from the environment so that dev, tests and CI share one launcher:
 * BACKR_NEO4J_DIR (data folder), BACKR_NEO4J_HOST (default 127.0.0.1), BACKR_NEO4J_PORT (default 7687),
 * BACKR_NEO4J_PAGECACHE_MB (default 512), BACKR_NEO4J_CONF (optional extra neo4j.conf-style settings file).
 * Prints one line "BACKR_NEO4J_READY host:port" once Bolt is serving; stops cleanly on SIGTERM.
 */
public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(env("BACKR_NEO4J_DIR", "graph/.data/neo4j")).toAbsolutePath();
    String host = env("BACKR_NEO4J_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("BACKR_NEO4J_PORT", "7687"));
    long pageCacheMb = Long.parseLong(env("BACKR_NEO4J_PAGECACHE_MB", "512"));
    Files.createDirectories(home);

    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        // Loopback only; the local setup has no users to manage. Docker and production use auth.
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false);
    String extra = System.getenv("BACKR_NEO4J_CONF");
    if (extra != null && !extra.isBlank()) {
      builder.loadPropertiesFromFile(Path.of(extra));
    }

    DatabaseManagementService dbms = builder.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("BACKR_NEO4J_STOPPING");
      dbms.shutdown();
      stopped.countDown();
    }, "neo4j-shutdown"));

    // Touch the default database so that it is fully started before we report readiness.
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    System.out.println("BACKR_NEO4J_READY " + host + ":" + port);
    System.out.flush();
    stopped.await();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
