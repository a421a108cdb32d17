package org.firmament.adapters.rest.deviceapi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * REST adapter, device API: JSON text written as UTF-8 bytes into a buffer that grows as needed,
 * so that the check-in's few fields cost one array of their exact size per part rather than a
 * builder, a string and its bytes. One per thread ({@link #forThisThread}), emptied before each use
 * (each user copies out what it wrote before the next one starts).
 */
final class JsonBytes {

    private static final ThreadLocal<JsonBytes> PER_THREAD = ThreadLocal.withInitial(JsonBytes::new);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[512];
    private int length;

    /** This thread's buffer, empty. */
    static JsonBytes forThisThread() {
        JsonBytes buffer = PER_THREAD.get();
        buffer.length = 0;
        return buffer;
    }

    int length() {
        return length;
    }

    /** The bytes written from {@code from} to {@code to}, in an array of their own. */
    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** What was written, as a string: only for ASCII (a header's value). */
    String latin1() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** {@code text} as it is: only for text known to be ASCII (names, numbers, JSON punctuation). */
    JsonBytes ascii(String text) {
        int size = text.length();
        ensure(size);
        for (int i = 0; i < size; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** One ASCII character. */
    JsonBytes ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Bytes already encoded as UTF-8. */
    JsonBytes utf8(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** {@code value} in decimal, as {@link Long#toString(long)} writes it. */
    JsonBytes number(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii(Long.toString(value));
        }
        if (value < 0) {
            ascii('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        return digits(value, digits);
    }

    /** {@code value} (not negative) in exactly {@code width} digits, zeros first. */
    JsonBytes digits(long value, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
        return this;
    }

    /** {@code id} as {@link UUID#toString} writes it, without making that string. */
    JsonBytes uuid(UUID id) {
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        hex(high >>> 32, 8).ascii('-').hex(high >>> 16, 4).ascii('-').hex(high, 4).ascii('-')
                .hex(low >>> 48, 4).ascii('-').hex(low, 12);
        return this;
    }

    /** The low {@code width} hex digits of {@code value}, lower case. */
    private JsonBytes hex(long value, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = HEX_DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
        length += width;
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
