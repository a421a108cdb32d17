package org.firmament.bootstrap;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.storage.S3TestServer;

/** Test support: the settings of the production kind of deployment, PostgreSQL and an S3 store. */
final class Deployments {

    static final String BUCKET = "firmament-test";

    private Deployments() {
    }

    /** The settings for {@code database} and the S3 service at {@code s3Endpoint}. */
    static Map<String, String> postgresAndS3(PersistenceConfig database, String s3Endpoint) {
        Map<String, String> settings = new HashMap<>();
        settings.put("FIRMAMENT_DB_URL", database.jdbcUrl());
        settings.put("FIRMAMENT_DB_USER", database.user());
        settings.put("FIRMAMENT_DB_PASSWORD", database.password());
        settings.put("FIRMAMENT_STORAGE", "s3");
        settings.put("FIRMAMENT_S3_ENDPOINT", s3Endpoint);
        settings.put("FIRMAMENT_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY);
        settings.put("FIRMAMENT_S3_SECRET_KEY", S3TestServer.SECRET_KEY);
        settings.put("FIRMAMENT_S3_BUCKET", BUCKET);
        settings.put("FIRMAMENT_S3_REGION", S3TestServer.REGION);
        return settings;
    }

    /** The host and port a PostgreSQL JDBC URL names. */
    static URI hostAndPort(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    /** {@code jdbcUrl} with its host and port replaced by the loopback and {@code port}. */
    static String throughPort(String jdbcUrl, int port) {
        URI original = hostAndPort(jdbcUrl);
        String authority = original.getHost() + ":" + original.getPort();
        return jdbcUrl.replaceFirst("//" + java.util.regex.Pattern.quote(authority), "//127.0.0.1:" + port);
    }
}
