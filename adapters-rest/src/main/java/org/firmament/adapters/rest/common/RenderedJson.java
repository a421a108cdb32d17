package org.firmament.adapters.rest.common;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * REST adapter: a rendered JSON answer's bytes, in parts that are written one after the other. An
 * answer that reuses a rendered part (the images of a device's check-in, shared by every device
 * offered them) is written from where that part is kept rather than copied into a new array per
 * answer, which cost allocation and copying on the most frequent request.
 */
public final class RenderedJson {

    private final byte[][] parts;
    private final int length;

    private RenderedJson(byte[][] parts) {
        long total = 0;
        for (byte[] part : parts) {
            total += Objects.requireNonNull(part, "part").length;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an answer of " + total + " bytes");
        }
        this.parts = parts;
        this.length = (int) total;
    }

    /** The parts in order; they are not copied, so none may change afterwards. */
    public static RenderedJson of(byte[]... parts) {
        return new RenderedJson(parts.clone());
    }

    /** The answer's length in bytes, for {@code Content-Length}. */
    public int length() {
        return length;
    }

    public void writeTo(OutputStream out) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
        }
    }

    /** The whole answer in one new array. */
    public byte[] toByteArray() {
        byte[] whole = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        return whole;
    }
}
