package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundStartTest {

    /** A part that counts how often it is closed. */
    static final class Part implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void await_returnsThePartBuiltOnTheOtherThread() {
        Part part = new Part();
        BackgroundStart<Part> start = BackgroundStart.begin("test-start", () -> part);

        assertSame(part, start.await());
        assertTrue(start.tookMillis() >= 0);
        assertSame(part, start.started().orElseThrow());
    }

    @Test
    void await_throwsTheVeryFailureOfTheOtherThread() {
        IllegalStateException failure = new IllegalStateException("The database cannot be reached");
        BackgroundStart<Part> start = BackgroundStart.begin("test-start", () -> {
            throw failure;
        });

        assertSame(failure, assertThrows(IllegalStateException.class, start::await));
        assertTrue(start.started().isEmpty());
        start.closeWhenStarted();
    }

    @Test
    void started_isEmptyWhileThePartIsBeingBuilt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundStart<Part> start = BackgroundStart.begin("test-start", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Part();
        });

        assertTrue(start.started().isEmpty());
        release.countDown();
        start.await();
        assertTrue(start.started().isPresent());
    }

    @Test
    void closeWhenStarted_waitsForAPartStillBeingBuiltAndClosesIt() {
        CountDownLatch release = new CountDownLatch(1);
        Part part = new Part();
        BackgroundStart<Part> start = BackgroundStart.begin("test-start", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return part;
        });
        new Thread(release::countDown).start();

        start.closeWhenStarted();

        assertEquals(1, part.closed.get());
    }
}
