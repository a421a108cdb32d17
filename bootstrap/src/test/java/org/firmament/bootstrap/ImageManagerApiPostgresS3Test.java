package org.firmament.bootstrap;

import java.util.Map;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.persistence.PostgresTestDatabase;
import org.firmament.adapters.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;

/**
 * The Image Manager API on the production kind of deployment: PostgreSQL (embedded, or the one
 * {@code FIRMAMENT_TEST_DB_URL} names) and an S3 server spoken to over HTTP.
 */
class ImageManagerApiPostgresS3Test extends ImageManagerApiContract {

    private PersistenceConfig database;
    private S3TestServer s3;

    @Override
    Map<String, String> deploymentSettings() {
        if (database == null) {
            database = PostgresTestDatabase.INSTANCE.createDatabase();
            s3 = S3TestServer.start();
        }
        return Map.of(
                "FIRMAMENT_DB_URL", database.jdbcUrl(),
                "FIRMAMENT_DB_USER", database.user(),
                "FIRMAMENT_DB_PASSWORD", database.password(),
                "FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", s3.endpoint(),
                "FIRMAMENT_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY,
                "FIRMAMENT_S3_SECRET_KEY", S3TestServer.SECRET_KEY,
                "FIRMAMENT_S3_BUCKET", "firmament-test",
                "FIRMAMENT_S3_REGION", S3TestServer.REGION);
    }

    @AfterAll
    void releaseServices() throws Exception {
        stopServer();
        if (s3 != null) {
            s3.close();
        }
        if (database != null) {
            PostgresTestDatabase.INSTANCE.dropDatabase(database);
        }
    }
}
