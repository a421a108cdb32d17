package org.firmament.application.port.in;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * The bytes a download sends, opened: either a stream to copy, or a region of a local file that the
 * sender may hand to the operating system as it is (zero-copy, {@code sendfile}). Which one is the
 * use case's decision (see {@link DownloadBinaryUseCase#open}); the receiver closes it.
 */
public sealed interface BinaryContent extends Closeable {

    /** How many bytes there are to send: the answer's {@code Content-Length}. */
    long length();

    /** The same bytes as a stream, for a caller that only wants to read them; closing it closes this. */
    InputStream asStream();

    /** Bytes read from a stream; a whole binary's stream checks them against its SHA-256 on the way. */
    record Streamed(InputStream stream, long length) implements BinaryContent {

        public Streamed {
            Objects.requireNonNull(stream);
        }

        @Override
        public InputStream asStream() {
            return stream;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /**
     * {@code length} bytes of a local file from {@code offset}, sent as the file holds them. A file
     * that ends early is the sender's to notice: it must break the answer off, never wait.
     */
    record FileRegion(FileChannel channel, long offset, long length) implements BinaryContent {

        public FileRegion {
            Objects.requireNonNull(channel);
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset and length must not be negative");
            }
        }

        @Override
        public InputStream asStream() {
            return new InputStream() {
                private long position = offset;
                private final long end = offset + length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, buffer.length);
                    if (position >= end) {
                        return -1;
                    }
                    if (len == 0) {
                        return 0;
                    }
                    int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, end - position)), position);
                    if (n < 0) {
                        throw new IOException("the file ends " + (end - position) + " bytes before its recorded size");
                    }
                    position += n;
                    return n;
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
