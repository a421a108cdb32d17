package org.firmament.adapters.rest.deviceapi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * REST adapter, device API: an instant written exactly as {@link DateTimeFormatter#ISO_INSTANT}
 * (and so {@link Instant#toString()} and Jackson) writes it, for the check-in's per-request fields.
 * The formatter's general machinery cost about a tenth of a remembered check-in's own CPU for its
 * three instants; years 0 to 9999, the only ones a clock gives, are written out here, and any
 * other instant is left to the formatter ({@code IsoInstantsTest} holds the two equal).
 */
final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 10000-01-01T00:00:00Z: from there on ISO_INSTANT writes a sign and more year digits. */
    private static final long YEAR_10000 = 253_402_300_800L;
    /** 0000-01-01T00:00:00Z. */
    private static final long YEAR_0 = -62_167_219_200L;

    private IsoInstants() {
    }

    static void appendTo(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            DateTimeFormatter.ISO_INSTANT.formatTo(instant, out);
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        appendDigits(out, date.getYear(), 4);
        out.append('-');
        appendDigits(out, date.getMonthValue(), 2);
        out.append('-');
        appendDigits(out, date.getDayOfMonth(), 2);
        out.append('T');
        appendDigits(out, secondOfDay / 3600, 2);
        out.append(':');
        appendDigits(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        appendDigits(out, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        // As ISO_INSTANT: as many groups of three fraction digits as the value needs, none for zero.
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                appendDigits(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                appendDigits(out, nanos / 1_000, 6);
            } else {
                appendDigits(out, nanos, 9);
            }
        }
        out.append('Z');
    }

    /** {@code value} (not negative) in exactly {@code width} digits, zeros first. */
    private static void appendDigits(StringBuilder out, int value, int width) {
        int start = out.length();
        for (int i = 0; i < width; i++) {
            out.append('0');
        }
        for (int i = start + width - 1; value != 0; i--) {
            out.setCharAt(i, (char) ('0' + value % 10));
            value /= 10;
        }
    }
}
