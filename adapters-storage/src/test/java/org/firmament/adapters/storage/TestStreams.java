package org.firmament.adapters.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Test support: uploads made up on the fly, so multi-megabyte binaries never sit in memory whole. */
final class TestStreams {

    static final long MIB = 1024 * 1024;

    private TestStreams() {
    }

    static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code size} pseudo-random bytes; the same {@code seed} always gives the same bytes. */
    static InputStream generated(long size, long seed) {
        return new GeneratedInputStream(size, seed);
    }

    /** Passes {@code source} through, and throws {@code failure} instead of the byte at {@code position}. */
    static InputStream failingAt(InputStream source, long position, Exception failure) {
        return new HookedInputStream(source, position, () -> {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        });
    }

    /** Passes {@code source} through, and runs {@code hook} once before handing out the byte at {@code position}. */
    static InputStream observedAt(InputStream source, long position, Runnable hook) {
        return new HookedInputStream(source, position, hook::run);
    }

    static String sha1(InputStream in) {
        return digest("SHA-1", in);
    }

    static String sha256(InputStream in) {
        return digest("SHA-256", in);
    }

    static long count(InputStream in) {
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(String algorithm, InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test support: xorshift bytes, cheap enough to stream tens of megabytes. */
    private static final class GeneratedInputStream extends InputStream {

        private long remaining;
        private long state;

        GeneratedInputStream(long size, long seed) {
            this.remaining = size;
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                buffer[offset + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }

    /** Test support: a step to run at one position of a stream. */
    @FunctionalInterface
    private interface Hook {
        void run() throws IOException;
    }

    /** Test support: runs a hook when reading reaches a position. */
    private static final class HookedInputStream extends InputStream {

        private final InputStream source;
        private final long position;
        private final Hook hook;
        private long read;
        private boolean fired;

        HookedInputStream(InputStream source, long position, Hook hook) {
            this.source = source;
            this.position = position;
            this.hook = hook;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fired && read == position) {
                fired = true;
                hook.run();
            }
            int wanted = !fired && read + length > position ? (int) (position - read) : length;
            int n = source.read(buffer, offset, wanted);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
