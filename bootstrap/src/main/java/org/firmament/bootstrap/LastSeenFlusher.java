package org.firmament.bootstrap;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.firmament.application.service.LastSeenRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bootstrap: writes the devices' last-seen times every period, and once more when the server stops. */
final class LastSeenFlusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LastSeenFlusher.class);

    private final LastSeenRecorder recorder;
    private final ScheduledExecutorService timer;

    private LastSeenFlusher(LastSeenRecorder recorder, ScheduledExecutorService timer) {
        this.recorder = recorder;
        this.timer = timer;
    }

    static LastSeenFlusher start(LastSeenRecorder recorder, Duration period) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "firmament-last-seen");
            thread.setDaemon(true);
            return thread;
        });
        LastSeenFlusher flusher = new LastSeenFlusher(recorder, timer);
        timer.scheduleWithFixedDelay(flusher::flush, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return flusher;
    }

    private void flush() {
        try {
            recorder.flush();
        } catch (RuntimeException e) {
            // Kept for the next period; a database outage must not stop the timer.
            LOG.warn("could not write devices' last-seen times, {} kept for the next try: {}",
                    recorder.pendingCount(), e.toString());
        }
    }

    /** Runs after the HTTP server stopped and before the database closes. */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
