package org.firmament.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Bootstrap: the server's entry point; a bad setting stops it with one line naming the key. */
public final class Main {

    private Main() {
    }

    /** Libraries that log through java.util.logging (Jersey, Grizzly) log through SLF4J like the rest. */
    static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        routeJavaUtilLogging();
        Logger log = LoggerFactory.getLogger(Main.class);

        FirmamentConfig config;
        FirmamentServer server;
        try {
            config = FirmamentConfig.load();
            server = FirmamentServer.start(config);
        } catch (ConfigException e) {
            System.err.println("firmament: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("firmament: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        server.generatedAdminToken().ifPresent(token -> System.out.println(
                "firmament: generated admin token (shown only now, keep it safe): " + token));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            log.info("stopped");
        }, "firmament-shutdown"));
        log.info("Firmament listening on {} (storage {}, started in {} ms)", server.baseUri(),
                config.storage().name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - started) / 1_000_000);
        try {
            server.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
