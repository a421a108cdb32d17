package org.firmament.adapters.rest.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.firmament.adapters.rest.metrics.DownloadMetrics;

/** REST adapter: copying download streams, and making uploaded file names safe to keep. */
public final class Streams {

    /** Large enough that a gigabyte download is not dominated by per-call overhead. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int MAX_FILENAME = 255;

    private Streams() {
    }

    /**
     * Copies {@code in} to {@code out} and closes {@code in}, also when the client goes away mid-way.
     * Every download endpoint streams through here, so {@code downloads} is measured in one place.
     */
    public static void copyAndClose(InputStream in, OutputStream out, DownloadMetrics downloads) throws IOException {
        downloads.started();
        try (in) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                downloads.written(n);
            }
        } finally {
            downloads.finished();
        }
    }

    /**
     * The last path segment of a client-supplied file name (some clients send a whole path), or
     * {@code fallback} when nothing usable is left.
     */
    public static String safeFilename(String clientName, String fallback) {
        if (clientName == null) {
            return fallback;
        }
        String name = clientName.substring(Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\')) + 1)
                .strip();
        boolean usable = !name.isEmpty() && name.length() <= MAX_FILENAME && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(Character::isISOControl);
        return usable ? name : fallback;
    }
}
