package org.firmament.adapters.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.firmament.adapters.rest.common.Streams;
import org.junit.jupiter.api.Test;

/** The download copy loop feeds the byte counter and the in-flight gauge, also when the client leaves. */
class DownloadMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DownloadMetrics downloads = new DownloadMetrics(registry);

    @Test
    void aCompleteDownloadCountsEveryByteAndLeavesNothingInFlight() throws IOException {
        byte[] binary = new byte[200_000];
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Streams.copyAndClose(new ByteArrayInputStream(binary), out, downloads);

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
                () -> Streams.copyAndClose(new ByteArrayInputStream(new byte[200_000]), leavesAfterFirstWrite, downloads));

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

    private double bytes() {
        return registry.get("firmament.download.bytes").counter().count();
    }

    private double inFlight() {
        return registry.get("firmament.downloads.in.flight").gauge().value();
    }
}
