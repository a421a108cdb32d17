package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How long the check-in catalogue remembers, bounded across instances by the catalogue epoch. */
class CheckInCatalogTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final FirmwareTypeName MAIN = FirmwareTypeName.of("main");
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Types types = new Fakes.Types();
    /** The catalogue epoch every instance on the database shares. */
    private final Fakes.Epoch epoch = new Fakes.Epoch();
    private Instant now = NOW;
    private final CheckInCatalog catalog = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types,
            new Fakes.Images(), () -> now, BOUND, epoch);

    @BeforeEach
    void aProjectWithAType() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
        types.add(FirmwareType.create(ProjectId.DEFAULT, MAIN, VersionScheme.SEMANTIC, NOW));
    }

    private Optional<CheckInCatalog.TypeWithImages> main() {
        return catalog.type(ProjectId.DEFAULT, MAIN);
    }

    @Test
    void aCatalogueNobodyChangesIsLookedUpOnce_howeverLongTheFleetKeepsPolling() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        Optional<?> project = catalog.project(ProjectId.DEFAULT);
        for (int minute = 1; minute < 15; minute++) {
            now = NOW.plusSeconds(60L * minute);
            assertSame(first, main(), "minute " + minute);
            assertSame(project, catalog.project(ProjectId.DEFAULT), "minute " + minute);
            now = now.plus(BOUND).minusSeconds(1);
            assertSame(first, main(), "minute " + minute);
        }
        assertEquals(15, epoch.reads, "read by the first check-in past the bound, not by those within it");
    }

    /** As a recording check-in asks: inside its transaction. */
    private java.util.OptionalLong current(CheckInCatalog of) {
        return transactions.inTransaction(of::currentGeneration);
    }

    @Test
    void whatIsRememberedIsCurrent_whileTheEpochHasTheValueLastReadHere() {
        assertTrue(current(catalog).isEmpty(), "the epoch was never read here");
        main();
        long generation = catalog.generation();
        assertEquals(generation, current(catalog).orElseThrow());

        epoch.advance(); // a change committed on another instance
        assertTrue(current(catalog).isEmpty(), "not current, though not yet forgotten here");

        now = NOW.plus(BOUND);
        main(); // the epoch read again: everything forgotten and looked up anew
        assertEquals(catalog.generation(), current(catalog).orElseThrow());
        assertNotEquals(generation, catalog.generation());
    }

    @Test
    void whatIsRememberedIsNotCurrent_afterAFailedReadOfTheEpochOrWhenNothingIsRemembered() {
        main();
        epoch.failing = true;
        now = NOW.plus(BOUND);
        main();
        epoch.failing = false;
        assertTrue(current(catalog).isEmpty(), "a failed read forgets what was known of the epoch");
        CheckInCatalog remembersNothing = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types,
                new Fakes.Images(), () -> now, Duration.ZERO, epoch);
        remembersNothing.type(ProjectId.DEFAULT, MAIN);
        assertTrue(current(remembersNothing).isEmpty());
    }

    @Test
    void aRememberedTypesLatestReleaseIsDecidedOnce() {
        CheckInCatalog.TypeWithImages type = main().orElseThrow();
        assertSame(type.latestRelease(), main().orElseThrow().latestRelease());
    }

    @Test
    void whatIsRememberedIsLookedUpAgainAfterTheLongestACredentialIsRemembered() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        now = NOW.plus(CredentialCache.MAX_AGE);
        assertNotSame(first, main());
    }

    @Test
    void aChangeOnAnotherInstanceIsSeenOnceTheEpochIsReadAgain_withinTheBound() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        epoch.advance();
        now = NOW.plus(BOUND).minusSeconds(1);
        assertSame(first, main(), "not read again before the bound");
        now = NOW.plus(BOUND);
        assertNotSame(first, main());
    }

    @Test
    void aChangeHereIsSeenAtOnceAndAdvancesTheEpochForEveryInstance() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        long before = epoch.value;

        catalog.changed();

        assertEquals(before + 1, epoch.value);
        assertNotSame(first, main());
    }

    @Test
    void whatACheckInRacingAChangesCommitRemembered_isForgottenOnceTheTransactionHasEnded() {
        Object[] racing = new Object[1];
        transactions.run(() -> {
            catalog.changed();
            racing[0] = main();
            assertSame(racing[0], main(), "remembered while the change is not committed");
        });
        assertNotSame(racing[0], main(), "forgotten again after the commit");
    }

    @Test
    void severalChangesInOneTransaction_areSeenAtOnce_andAdvanceTheEpochOnceWhenItEnds() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        long before = epoch.value;

        transactions.run(() -> {
            catalog.changed();
            catalog.changed();
            assertNotSame(first, main(), "forgotten here at once");
            assertEquals(before, epoch.value, "not before the transaction's end");
        });

        assertEquals(before + 1, epoch.value);
    }

    @Test
    void throughTheFromMemoryGuard_theEpochStillAdvancesOnceWhenTheTransactionEnds() {
        TransactionBoundary guarded = FromMemory.guard(transactions);
        CheckInCatalog guardedCatalog = new CheckInCatalog(guarded, projects, new Fakes.Bundles(), types,
                new Fakes.Images(), () -> now, BOUND, epoch);
        long before = epoch.value;

        guarded.run(() -> {
            guardedCatalog.changed();
            guardedCatalog.changed();
            assertEquals(before, epoch.value, "not before the transaction's end");
        });

        assertEquals(before + 1, epoch.value);
    }

    @Test
    void aChangeWhoseTransactionFails_doesNotAdvanceTheEpoch() {
        long before = epoch.value;

        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            catalog.changed();
            throw new IllegalStateException("the write failed after telling");
        }));

        assertEquals(before, epoch.value);
    }

    @Test
    void anEpochThatCannotBeReadForgetsEverything_andIsReadAgainAtTheNextCheckIn() {
        Optional<CheckInCatalog.TypeWithImages> first = main();
        epoch.failing = true;
        now = NOW.plus(BOUND);
        Optional<CheckInCatalog.TypeWithImages> afterFailure = main();
        assertNotSame(first, afterFailure);
        int reads = epoch.reads;
        epoch.failing = false;
        main();
        assertEquals(reads + 1, epoch.reads, "a failed read is due again at once");
        assertSame(main(), main());
    }

    @Test
    void withABoundOfZeroNothingIsRememberedAndNoEpochIsRead() {
        CheckInCatalog uncached = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types,
                new Fakes.Images(), () -> now, Duration.ZERO, epoch);
        assertNotSame(uncached.type(ProjectId.DEFAULT, MAIN), uncached.type(ProjectId.DEFAULT, MAIN));
        assertEquals(0, epoch.reads);
    }

    @Test
    void theGenerationStaysWhileNothingChanges_soRememberedDecisionsStand() {
        long generation = catalog.generation();
        main();
        now = NOW.plus(CredentialCache.MAX_AGE).plusSeconds(1);
        main();
        assertEquals(generation, catalog.generation(), "an entry looked up again after its age is not a change");
    }

    @Test
    void theGenerationMovesWithAChangeHere_andWithAnEpochMovedByAnotherInstanceOnceItIsRead() {
        long first = catalog.generation();
        catalog.changed();
        long second = catalog.generation();
        assertNotEquals(first, second);

        epoch.advance();
        now = NOW.plus(BOUND);
        assertNotEquals(second, catalog.generation());
    }

    @Test
    void withNothingRememberedTheGenerationMovesAtEveryCall() {
        CheckInCatalog uncached = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types,
                new Fakes.Images(), () -> now, Duration.ZERO, epoch);
        assertNotEquals(uncached.generation(), uncached.generation());
    }
}
