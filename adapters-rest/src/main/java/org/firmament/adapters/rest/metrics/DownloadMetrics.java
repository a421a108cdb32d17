package org.firmament.adapters.rest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * REST adapter, metrics: bytes served by binary downloads ({@code firmament_download_bytes_total})
 * and downloads in flight ({@code firmament_downloads_in_flight}), fed by {@code common.BinaryTransfer},
 * the body of every download endpoint, however the server sends it; and downloads redirected to the store ({@code firmament_download_redirects_total}),
 * whose bytes Firmament never sees.
 */
public final class DownloadMetrics {

    private final Counter bytes;
    private final Counter redirects;
    private final AtomicInteger inFlight = new AtomicInteger();

    public DownloadMetrics(MeterRegistry registry) {
        this.bytes = Counter.builder("firmament.download.bytes")
                .baseUnit(BaseUnits.BYTES)
                .description("Bytes of binary downloads written to clients")
                .register(registry);
        this.redirects = Counter.builder("firmament.download.redirects")
                .description("Downloads answered with a redirect to a presigned URL of the binary store")
                .register(registry);
        Gauge.builder("firmament.downloads.in.flight", inFlight, AtomicInteger::get)
                .description("Binary downloads being streamed now")
                .strongReference(true)
                .register(registry);
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    /** Bytes handed to the client's connection; a client that leaves mid-way counts what it was sent. */
    public void written(long count) {
        bytes.increment(count);
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    public void redirected() {
        redirects.increment();
    }
}
