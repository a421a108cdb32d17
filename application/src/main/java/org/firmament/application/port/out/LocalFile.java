package org.firmament.application.port.out;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A binary that a {@link BinaryStore} keeps as a file on this machine, opened for reading, and the
 * {@link Version} of the file the channel reads. Whoever receives it closes it.
 */
public record LocalFile(FileChannel channel, Version version) implements Closeable {

    /**
     * What tells one state of a file from another without reading it: its size, its last
     * modification and the file system's identity of the file (so a file replaced by another of the
     * same size and time is a new version). Bytes changed without touching any of these (bit rot, a
     * write that restores the time) are not seen; only reading the bytes finds those.
     */
    public record Version(long size, Instant lastModified, String fileIdentity) {
        public Version {
            Objects.requireNonNull(lastModified);
            Objects.requireNonNull(fileIdentity);
        }
    }

    public LocalFile {
        Objects.requireNonNull(channel);
        Objects.requireNonNull(version);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
