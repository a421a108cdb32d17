package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.TransactionBoundary}, run against each database. */
abstract class TransactionBoundaryContract extends PersistenceContractSupport {

    @Test
    void whatTheWorkWroteIsVisibleToLaterTransactions_andItsResultIsReturned() {
        String result = inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            return "done";
        });

        assertEquals("done", result);
        assertTrue(inTransaction(() -> persistence.firmwareTypes().find(PROJECT, FirmwareTypeName.of("OKM")))
                .isPresent());
    }

    @Test
    void whenTheWorkThrows_everythingRollsBack_andTheSameExceptionPropagates() {
        IllegalArgumentException failure = new IllegalArgumentException("use case failed");

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> inTransaction(() -> {
            FirmwareType type = semanticType(PROJECT, "OKM");
            persistence.firmwareTypes().add(type);
            persistence.firmwareImages().add(image(type, "1.0.0", T0));
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals(0, count("firmware_type"));
        assertEquals(0, count("firmware_image"));
    }

    @Test
    void whenTheWorkThrowsAnError_everythingRollsBackToo() {
        AssertionError error = new AssertionError("boom");

        assertSame(error, assertThrows(AssertionError.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            throw error;
        })));

        assertEquals(0, count("firmware_type"));
    }

    @Test
    void aNestedCallJoinsTheOuterTransaction_seeingItsWritesAndRollingBackWithIt() {
        RuntimeException outerFailure = new RuntimeException("outer fails after the inner call");

        assertThrows(RuntimeException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            String inner = inTransaction(() -> {
                assertTrue(persistence.firmwareTypes().find(PROJECT, FirmwareTypeName.of("OKM")).isPresent());
                persistence.firmwareTypes().add(semanticType(PROJECT, "IR4KEY"));
                return "inner result";
            });
            assertEquals("inner result", inner);
            throw outerFailure;
        }));

        assertEquals(0, count("firmware_type"));
    }

    @Test
    void aNestedCallCommitsOnlyWithTheOuterTransaction() {
        inTransaction(() -> {
            inTransaction(() -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM")));
            assertEquals(0, countFromAnotherConnection());
        });

        assertEquals(1, count("firmware_type"));
    }

    @Test
    void aFailedWriteTheWorkSwallows_stillRollsBackTheTransaction() {
        FirmwareType okm = existingType(PROJECT, "OKM");
        persistence.transactions().run(() -> persistence.firmwareImages().add(image(okm, "1.0.0", T0)));

        assertThrows(DuplicateVersionException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "IR4KEY"));
            try {
                persistence.firmwareImages().add(image(okm, "1.0.0", at(1)));
            } catch (DuplicateVersionException swallowed) {
                // a use case that carries on regardless must not commit half its work
            }
            return null;
        }));

        assertEquals(1, count("firmware_type"));
    }

    @Test
    void afterAFailedTransaction_theThreadStartsAFreshOne() {
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            throw new IllegalStateException("first fails");
        }));

        inTransaction(() -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM")));

        assertEquals(1, count("firmware_type"));
        assertThrows(IllegalStateException.class, () -> persistence.firmwareTypes().list(PROJECT));
    }

    @Test
    void everyRepositoryCalledOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class, () -> persistence.projects().find(PROJECT));
        assertThrows(IllegalStateException.class, () -> persistence.firmwareTypes().list(PROJECT));
        assertThrows(IllegalStateException.class,
                () -> persistence.firmwareImages().list(PROJECT, Optional.empty()));
        assertThrows(IllegalStateException.class, () -> persistence.credentials().findGeneratedAdminToken());
    }

    @Test
    void whenNoConnectionFreesUpInTime_theTransactionThrowsServiceUnavailableQuickly() throws Exception {
        PersistenceConfig smallPool = database.withMaximumPoolSize(PersistenceConfig.MINIMUM_POOL_SIZE)
                .withConnectionTimeout(Duration.ofMillis(250));
        try (Persistence small = Persistence.start(smallPool);
             Connection taken = small.pool().getConnection();
             Connection alsoTaken = small.pool().getConnection()) {
            long started = System.nanoTime();

            assertThrows(ServiceUnavailableException.class,
                    () -> small.transactions().run(() -> small.projects().find(PROJECT)));

            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000);
        }
    }

    /**
     * A pool whose every connection is busy is load, not an outage: after such a timeout, requests
     * still wait for a connection instead of failing at once as they do while the database is
     * unreachable.
     */
    @Test
    void afterABusyPoolTimedOut_concurrentTransactionsStillWaitForAConnection() throws Exception {
        PersistenceConfig smallPool = database.withMaximumPoolSize(PersistenceConfig.MINIMUM_POOL_SIZE)
                .withConnectionTimeout(Duration.ofMillis(1_500));
        try (Persistence small = Persistence.start(smallPool)) {
            Connection taken = small.pool().getConnection();
            Connection alsoTaken = small.pool().getConnection();
            assertThrows(ServiceUnavailableException.class,
                    () -> small.transactions().run(() -> small.projects().find(PROJECT)));

            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.List<java.util.concurrent.Future<?>> waiting = java.util.List.of(
                        threads.submit(() -> small.transactions().run(() -> small.projects().find(PROJECT))),
                        threads.submit(() -> small.transactions().run(() -> small.projects().find(PROJECT))));
                Thread.sleep(200);
                taken.close();
                alsoTaken.close();
                for (java.util.concurrent.Future<?> transaction : waiting) {
                    transaction.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void whenThePoolIsGone_theTransactionThrowsServiceUnavailable() {
        Persistence second = Persistence.start(database);
        try {
            second.pool().close();

            assertThrows(ServiceUnavailableException.class,
                    () -> second.transactions().run(() -> second.projects().find(PROJECT)));
        } finally {
            second.close();
        }
    }

    // ---- before commit ----

    @Test
    void aBeforeCommitActionRunsOnceAfterTheWork_insideTheTransaction_howeverOftenItIsAsked() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> {
            persistence.transactions().beforeCommit("count types", () -> {
                happened.add("action saw " + persistence.firmwareTypes().list(PROJECT).size() + " types");
                assertEquals(0, countFromAnotherConnection(), "not committed yet");
            });
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            persistence.transactions().beforeCommit("count types", () -> happened.add("asked again"));
            inTransaction(() -> {
                persistence.firmwareTypes().add(semanticType(PROJECT, "IR4KEY"));
                persistence.transactions().beforeCommit("count types", () -> happened.add("asked from a nested call"));
            });
            happened.add("work done");
        });

        assertEquals(List.of("work done", "action saw 2 types"), happened);
        assertEquals(2, count("firmware_type"));
    }

    @Test
    void whatABeforeCommitActionWritesCommitsWithTheTransaction() {
        inTransaction(() -> persistence.transactions().beforeCommit("add a type",
                () -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"))));

        assertEquals(1, count("firmware_type"));
    }

    @Test
    void aTransactionThatRollsBack_neverRunsItsBeforeCommitActions() {
        List<String> happened = new ArrayList<>();

        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.transactions().beforeCommit("note", () -> happened.add("ran"));
            throw new IllegalStateException("the use case failed");
        }));
        inTransaction(() -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM")));

        assertEquals(List.of(), happened, "neither then nor with the thread's next transaction");
    }

    @Test
    void aFailingBeforeCommitAction_rollsTheTransactionBack_andItsFailurePropagates() {
        IllegalStateException failure = new IllegalStateException("the action failed");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            persistence.transactions().beforeCommit("fail", () -> {
                throw failure;
            });
        }));

        assertSame(failure, thrown);
        assertEquals(0, count("firmware_type"));
    }

    @Test
    void aBeforeCommitActionWhoseWriteFails_rollsTheTransactionBack() {
        FirmwareType okm = existingType(PROJECT, "OKM");

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "IR4KEY"));
            persistence.transactions().beforeCommit("add a duplicate",
                    () -> persistence.firmwareTypes().add(semanticType(PROJECT, okm.name().value())));
        }));

        assertEquals(1, count("firmware_type"));
    }

    @Test
    void beforeCommitActionsRunInTheOrderOfTheirNames_notOfTheirRegistration() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> {
            persistence.transactions().beforeCommit("b", () -> happened.add("b"));
            persistence.transactions().beforeCommit("c", () -> happened.add("c"));
            persistence.transactions().beforeCommit("a", () -> happened.add("a"));
        });

        assertEquals(List.of("a", "b", "c"), happened);
    }

    @Test
    void aBeforeCommitActionMayAskForAnother_butNotForItselfAgain() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> persistence.transactions().beforeCommit("b", () -> {
            happened.add("b");
            persistence.transactions().beforeCommit("b", () -> happened.add("b again"));
            persistence.transactions().beforeCommit("a", () -> happened.add("a, asked by b"));
        }));

        assertEquals(List.of("b", "a, asked by b"), happened);
    }

    @Test
    void withNoTransactionOpen_aBeforeCommitActionRunsNow_inATransactionOfItsOwn() {
        persistence.transactions().beforeCommit("add a type",
                () -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM")));

        assertEquals(1, count("firmware_type"));
    }

    // ---- after the transaction ----

    @Test
    void anAfterTransactionActionRunsOnceTheOutermostTransactionCommitted_seeingWhatItCommitted() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            inTransaction(() -> persistence.transactions().afterTransaction(
                    () -> happened.add("first saw " + countFromAnotherConnection() + " committed")));
            persistence.transactions().afterTransaction(() -> happened.add("second"));
            happened.add("work done");
        });

        assertEquals(List.of("work done", "first saw 1 committed", "second"), happened);
    }

    @Test
    void anAfterTransactionActionRunsAfterARollbackToo_outsideTheTransaction() {
        List<String> happened = new ArrayList<>();

        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            persistence.transactions().afterTransaction(() -> {
                happened.add("ran");
                assertThrows(IllegalStateException.class, () -> persistence.firmwareTypes().list(PROJECT),
                        "no transaction is open any more");
            });
            throw new IllegalStateException("the use case failed");
        }));

        assertEquals(List.of("ran"), happened);
        assertEquals(0, count("firmware_type"));
    }

    @Test
    void withNoTransactionOpen_anAfterTransactionActionRunsNow() {
        List<String> happened = new ArrayList<>();

        persistence.transactions().afterTransaction(() -> happened.add("ran"));

        assertEquals(List.of("ran"), happened);
    }

    // ---- after the commit ----

    @Test
    void anAfterCommitActionRunsOnceTheOutermostTransactionCommitted_beforeTheAfterTransactionActions() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            persistence.transactions().afterTransaction(() -> happened.add("after the transaction"));
            inTransaction(() -> persistence.transactions().afterCommit(
                    () -> happened.add("after the commit, " + countFromAnotherConnection() + " committed")));
            happened.add("work done");
        });

        assertEquals(List.of("work done", "after the commit, 1 committed", "after the transaction"), happened);
    }

    @Test
    void anAfterCommitActionAskedForByABeforeCommitAction_runsOnceThatCommitted() {
        List<String> happened = new ArrayList<>();

        inTransaction(() -> {
            persistence.transactions().beforeCommit("add a type", () -> {
                persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
                persistence.transactions().afterCommit(() -> happened.add(countFromAnotherConnection() + " committed"));
            });
            happened.add("work done");
        });

        assertEquals(List.of("work done", "1 committed"), happened);
    }

    @Test
    void anAfterCommitActionDoesNotRunWhenTheWorkFailed() {
        List<String> happened = new ArrayList<>();

        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
            persistence.transactions().afterCommit(() -> happened.add("ran"));
            throw new IllegalStateException("the use case failed");
        }));

        assertEquals(List.of(), happened);
    }

    @Test
    void anAfterCommitActionDoesNotRunWhenTheCommitFailed() {
        List<String> happened = new ArrayList<>();

        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.transactions().beforeCommit("1 add a type", () -> {
                persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
                persistence.transactions().afterCommit(() -> happened.add("ran"));
            });
            persistence.transactions().beforeCommit("2 fail", () -> {
                throw new IllegalStateException("an action after it failed");
            });
            return null;
        }));

        assertEquals(List.of(), happened);
        assertEquals(0, count("firmware_type"));
    }

    @Test
    void withNoTransactionOpen_anAfterCommitActionRunsNow() {
        List<String> happened = new ArrayList<>();

        persistence.transactions().afterCommit(() -> happened.add("ran"));

        assertEquals(List.of("ran"), happened);
    }

    private long countFromAnotherConnection() {
        return count("firmware_type");
    }

}
