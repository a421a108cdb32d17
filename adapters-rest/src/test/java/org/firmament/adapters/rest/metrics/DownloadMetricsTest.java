package org.firmament.adapters.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.firmament.adapters.rest.common.BinaryTransfer;
import org.firmament.application.port.in.BinaryContent;
import org.junit.jupiter.api.Test;

/** A download's body feeds the byte counter and the in-flight gauge, also when the client leaves. */
class DownloadMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DownloadMetrics downloads = new DownloadMetrics(registry);

    @Test
    void aCompleteDownloadCountsEveryByteAndLeavesNothingInFlight() throws IOException {
        byte[] binary = new byte[200_000];
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        transfer(binary).copyTo(out);

        assertEquals(binary.length, out.size());
        assertEquals(binary.length, bytes());
        assertEquals(0, inFlight());
    }

    @Test
    void aClientLeavingMidWayCountsWhatItWasSentAndLeavesNothingInFlight() {
        OutputStream leavesAfterFirstWrite = new OutputStream() {
            private boolean written;

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written) {
                    throw new IOException("connection reset");
                }
                written = true;
            }
        };

        assertThrows(IOException.class,
                () -> transfer(new byte[200_000]).copyTo(leavesAfterFirstWrite));

        assertEquals(64 * 1024, bytes());
        assertEquals(0, inFlight());
    }

    @Test
    void aDownloadBeingStreamedIsInFlight() {
        downloads.started();
        assertEquals(1, inFlight());
        downloads.finished();
        assertEquals(0, inFlight());
    }

    private BinaryTransfer transfer(byte[] binary) {
        return new BinaryTransfer(new BinaryContent.Streamed(new ByteArrayInputStream(binary), binary.length), downloads,
                "a test binary");
    }

    private double bytes() {
        return registry.get("firmament.download.bytes").counter().count();
    }

    private double inFlight() {
        return registry.get("firmament.downloads.in.flight").gauge().value();
    }
}
