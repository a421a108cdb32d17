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
        return Deployments.postgresAndS3(database, s3.endpoint());
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
