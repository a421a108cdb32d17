package org.firmament.bootstrap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.firmament.application.service.BinaryIntegrityService;
import org.firmament.domain.access.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: runs the orphan sweep at start-up and then every {@code ORPHAN_SWEEP_INTERVAL_MINUTES},
 * and the verification of every stored binary every {@code VERIFY_INTERVAL_HOURS}, on one
 * background thread so that neither delays start-up or requests. Counts what they find in the metrics.
 */
final class BinaryMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryMaintenance.class);

    private final ScheduledExecutorService scheduler;

    private BinaryMaintenance(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static BinaryMaintenance start(BinaryIntegrityService integrity, FirmamentConfig config, MeterRegistry metrics) {
        FunctionCounter.builder("firmament.binaries.corrupt.found", integrity,
                        BinaryIntegrityService::corruptFindings)
                .description("Stored binaries found not to match their SHA-256 (by downloads and verification runs)")
                .register(metrics);
        FunctionCounter.builder("firmament.binaries.orphans.removed", integrity,
                        BinaryIntegrityService::orphansRemoved)
                .description("Stored binaries no image referred to, removed by the orphan sweep")
                .register(metrics);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "firmament-binary-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        Duration minAge = config.orphanSweepMinAge();
        Runnable sweep = () -> guarded("orphan sweep", () -> integrity.sweepOrphans(minAge));
        long sweepMinutes = config.orphanSweepInterval().toMinutes();
        if (sweepMinutes > 0) {
            scheduler.scheduleWithFixedDelay(sweep, 0, sweepMinutes, TimeUnit.MINUTES);
        } else {
            scheduler.execute(sweep);
        }
        long verifyHours = config.verifyInterval().toHours();
        if (verifyHours > 0) {
            scheduler.scheduleWithFixedDelay(() -> guarded("verification",
                    () -> integrity.verifyAll(Actor.SYSTEM)), verifyHours, verifyHours, TimeUnit.HOURS);
        }
        return new BinaryMaintenance(scheduler);
    }

    /** A failed run (the store or database away) is logged; the next one tries again. */
    private static void guarded(String what, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            LOG.warn("The {} failed and runs again at its next time: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
