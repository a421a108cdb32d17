package org.firmament.adapters.storage;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.LocalFile;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.StoredContent;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.BinaryKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage adapter: keeps binaries as files under a root directory, {@code objects/<2 chars>/<key>},
 * written through {@code tmp/<key>.part} and moved into place atomically.
 */
public final class FileSystemBinaryStore implements BinaryStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemBinaryStore.class);

    static final String TEMP_SUFFIX = ".part";
    /**
     * A temporary file untouched for this long belongs to an upload that died with its process.
     * Writing refreshes the modification time, so another instance's upload in flight on a shared
     * directory is never this old.
     */
    static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;
    private final Path tempDir;
    private final Path objectsDir;

    /**
     * Opens (and creates if needed) the store under {@code root}, and removes temporary files
     * that an earlier crash left behind.
     *
     * @throws UncheckedIOException when the directories cannot be created
     */
    public FileSystemBinaryStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.tempDir = this.root.resolve("tmp");
        this.objectsDir = this.root.resolve("objects");
        try {
            Files.createDirectories(tempDir);
            Files.createDirectories(objectsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the binary store under " + this.root, e);
        }
        removeAbandonedUploads(Instant.now().minus(STALE_TEMP_AGE));
    }

    @Override
    public StoredContent store(InputStream content, long maxBytes) {
        MeasuringInputStream in = new MeasuringInputStream(content, maxBytes);
        BinaryKey key = BinaryKey.of(UUID.randomUUID().toString());
        Path temp = tempDir.resolve(key.value() + TEMP_SUFFIX);
        Path target = pathOf(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, CREATE_NEW, WRITE);
        } catch (IOException e) {
            throw unavailable("cannot store binary " + key, e);
        }
        boolean stored = false;
        try {
            try (channel) {
                copy(in, Channels.newOutputStream(channel));
                // Durable before visible: after a crash a reader must never find a truncated binary.
                channel.force(true);
            }
            StoredContent measured = in.measured(key);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, ATOMIC_MOVE);
            stored = true;
            syncDirectory(target.getParent());
            return measured;
        } catch (IOException e) {
            in.rethrowInputFailure();
            throw unavailable("cannot store binary " + key, e);
        } finally {
            if (!stored) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    public InputStream open(BinaryKey key, long offset, long length) {
        ReadWindow window = new ReadWindow(offset, length);
        FileChannel channel = openForReading(key, pathOf(key));
        boolean handedOver = false;
        try {
            // Binaries never change once moved into place, so the size read now stays true.
            long available = window.lengthWithin(channel.size());
            if (available == 0) {
                return InputStream.nullInputStream();
            }
            channel.position(offset);
            InputStream bytes = new WindowInputStream(channel, available);
            handedOver = true;
            return bytes;
        } catch (IOException e) {
            throw unavailable("cannot read binary " + key, e);
        } finally {
            if (!handedOver) {
                closeQuietly(channel);
            }
        }
    }

    @Override
    public Optional<LocalFile> openLocalFile(BinaryKey key) {
        Path path = pathOf(key);
        FileChannel channel = openForReading(key, path);
        boolean handedOver = false;
        try {
            // Read after opening: a file replaced meanwhile shows as a version that was never hashed.
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object identity = attributes.fileKey();
            LocalFile file = new LocalFile(channel, new LocalFile.Version(channel.size(),
                    attributes.lastModifiedTime().toInstant(), identity == null ? path.toString() : identity.toString()));
            handedOver = true;
            return Optional.of(file);
        } catch (NoSuchFileException e) {
            // Released between the open and the read of its attributes: gone, as if a moment earlier.
            throw notFound(key, e);
        } catch (IOException e) {
            throw unavailable("cannot read binary " + key, e);
        } finally {
            if (!handedOver) {
                closeQuietly(channel);
            }
        }
    }

    /** The binary's file at {@code path}, opened for reading; a missing file is a binary not found. */
    private FileChannel openForReading(BinaryKey key, Path path) {
        try {
            return FileChannel.open(path, READ);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        } catch (IOException e) {
            throw unavailable("cannot open binary " + key, e);
        }
    }

    @Override
    public void delete(BinaryKey key) {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw unavailable("cannot delete binary " + key, e);
        }
    }

    /** Files are served by Firmament itself: there is nobody else to hand a signed URL to. */
    @Override
    public Optional<URI> presignedGet(BinaryKey key, String contentDisposition, Duration lifetime) {
        return Optional.empty();
    }

    @Override
    public boolean exists(BinaryKey key) {
        try {
            return Files.readAttributes(pathOf(key), BasicFileAttributes.class).isRegularFile();
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(objectsDir)) {
                throw unavailable("the binary store directory " + objectsDir + " is gone", e);
            }
            return false;
        } catch (IOException e) {
            throw unavailable("cannot look up binary " + key, e);
        }
    }

    @Override
    public void checkReachable() {
        // Files.isWritable asks the operating system (access(2)), so a read-only mount fails here
        // even for root, who ignores permission bits.
        for (Path dir : new Path[] {tempDir, objectsDir}) {
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new ServiceUnavailableException(
                        "binary store directory " + dir + " is missing or not writable", null);
            }
        }
    }

    @Override
    public String toString() {
        return "FileSystemBinaryStore[" + root + "]";
    }

    Path root() {
        return root;
    }

    /** Two characters of fan-out keep any one directory small; UUID keys spread evenly over 256. */
    private Path pathOf(BinaryKey key) {
        String value = key.value();
        return objectsDir.resolve(value.substring(0, Math.min(2, value.length()))).resolve(value);
    }

    private RuntimeException notFound(BinaryKey key, NoSuchFileException cause) {
        if (!Files.isDirectory(objectsDir)) {
            return unavailable("the binary store directory " + objectsDir + " is gone", cause);
        }
        return new NotFoundException(NotFoundException.Subject.BINARY, key.value());
    }

    @Override
    public int removeAbandonedUploads(Instant cutoff) {
        FileTime before = FileTime.from(cutoff);
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tempDir, "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).compareTo(before) < 0 && Files.deleteIfExists(temp)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // Leftovers only waste space; they must not keep the server from starting.
            LOG.warn("Could not remove leftover uploads in {}: {}", tempDir, e.toString());
        }
        if (removed > 0) {
            LOG.info("Removed {} leftover upload(s) from {}", removed, tempDir);
        }
        return removed;
    }

    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<BinaryKey> action) {
        FileTime before = FileTime.from(cutoff);
        try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(objectsDir)) {
            for (Path dir : fanOut) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (BinaryKey.isValid(name) && pathOf(BinaryKey.of(name)).equals(file)
                                && Files.getLastModifiedTime(file).compareTo(before) < 0) {
                            action.accept(BinaryKey.of(name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw unavailable("cannot list the binaries under " + objectsDir, e);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    /** Makes the rename itself durable; some file systems cannot sync a directory, which costs only durability. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the failed upload {}: {}", file, e.toString());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through this channel, so nothing is lost.
        }
    }

    private static ServiceUnavailableException unavailable(String message, IOException cause) {
        return new ServiceUnavailableException(message + ": " + cause, cause);
    }

    /** Storage adapter: reads at most a fixed number of bytes from an open file, then closes it. */
    private static final class WindowInputStream extends InputStream {

        private final FileChannel channel;
        private final InputStream in;
        private long remaining;

        WindowInputStream(FileChannel channel, long window) {
            this.channel = channel;
            this.in = Channels.newInputStream(channel);
            this.remaining = window;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = Math.max(0, Math.min(n, remaining));
            channel.position(channel.position() + skipped);
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, Integer.MAX_VALUE);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
