package org.firmament.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.persistence.PostgresTestDatabase;
import org.firmament.adapters.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The races on the production kind of deployment: two Firmament instances sharing one PostgreSQL
 * database and one S3 store, the racers' requests going round both, as behind a load balancer.
 */
class RaceTwoInstancesTest extends RaceContract {

    private PersistenceConfig database;
    private S3TestServer s3;
    private Path firstDir;
    private Path secondDir;
    private FirmamentServer first;
    private FirmamentServer second;
    private List<Http> clients;

    @BeforeAll
    void twoInstancesOnOneDatabaseAndStore() throws IOException {
        database = PostgresTestDatabase.INSTANCE.createDatabase();
        s3 = S3TestServer.start();
        Map<String, String> shared = Deployments.postgresAndS3(database, s3.endpoint());
        firstDir = Files.createTempDirectory("firmament-race-first");
        secondDir = Files.createTempDirectory("firmament-race-second");
        first = TestServers.start(firstDir, shared);
        second = TestServers.start(secondDir, shared);
        clients = List.of(TestServers.client(first), TestServers.client(second));
    }

    @AfterAll
    void stop() throws Exception {
        first.close();
        second.close();
        s3.close();
        PostgresTestDatabase.INSTANCE.dropDatabase(database);
        TestServers.deleteTree(firstDir);
        TestServers.deleteTree(secondDir);
    }

    @Override
    List<Http> instances() {
        return clients;
    }
}
