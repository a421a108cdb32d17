package org.firmament.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.NotFoundException;
import org.junit.jupiter.api.Test;

/** The rule: while the store is unreachable, one call probes and the others fail at once. */
class OutageGateTest {

    private final OutageGate gate = new OutageGate("S3 store http://s3");

    @Test
    void whileOneCallProbesAnUnreachableStoreTheOthersFailAtOnceUntilTheProbeGetsThrough() throws Exception {
        assertThrows(ServiceUnavailableException.class, () -> gate.call(() -> {
            throw networkFailure();
        }));
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> gate.call(() -> {
            probing.countDown();
            await(release);
            return "answered";
        }));
        assertTrue(probing.await(5, TimeUnit.SECONDS));

        long started = System.nanoTime();
        assertThrows(ServiceUnavailableException.class, () -> gate.call(() -> "never asked"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000, "failed at once");

        release.countDown();
        assertEquals("answered", probe.get(5, TimeUnit.SECONDS));
        assertEquals("back", gate.call(() -> "back"), "the outage ended with the probe");
    }

    @Test
    void anErrorTheStoreAnsweredIsNoOutage() {
        assertThrows(ServiceUnavailableException.class, () -> gate.call(() -> {
            throw new ServiceUnavailableException("S3 error AccessDenied", new IllegalStateException("403"));
        }));
        assertThrows(NotFoundException.class, () -> gate.call(() -> {
            throw new NotFoundException(NotFoundException.Subject.BINARY, "k");
        }));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> gate.call(() -> {
            await(release);
            return "slow";
        }));
        assertEquals("fast", gate.call(() -> "fast"), "calls run side by side while the store answers");
        release.countDown();
        assertEquals("slow", slow.join());
    }

    @Test
    void anObservedUploadNeitherWaitsForNorHoldsTheProbeButEndsTheOutageWhenItGetsThrough() {
        assertThrows(ServiceUnavailableException.class, () -> gate.observe(() -> {
            throw networkFailure();
        }));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> upload = CompletableFuture.supplyAsync(() -> gate.observe(() -> {
            await(release);
            return "stored";
        }));
        assertEquals("probed", gate.call(() -> "probed"), "a download may probe while an upload streams");
        assertThrows(ServiceUnavailableException.class, () -> gate.observe(() -> {
            throw networkFailure();
        }));
        release.countDown();
        assertEquals("stored", upload.join());
        assertEquals("open", gate.call(() -> "open"));
    }

    private static ServiceUnavailableException networkFailure() {
        return new ServiceUnavailableException("S3 store http://s3: opening failed",
                new java.util.concurrent.ExecutionException(new ConnectException("Connection refused")));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
