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

    static void appendTo(JsonBytes out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            out.ascii(DateTimeFormatter.ISO_INSTANT.format(instant));
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        out.digits(date.getYear(), 4).ascii('-').digits(date.getMonthValue(), 2).ascii('-')
                .digits(date.getDayOfMonth(), 2).ascii('T')
                .digits(secondOfDay / 3600, 2).ascii(':').digits(secondOfDay / 60 % 60, 2).ascii(':')
                .digits(secondOfDay % 60, 2);
        int nanos = instant.getNano();
        // As ISO_INSTANT: as many groups of three fraction digits as the value needs, none for zero.
        if (nanos != 0) {
            out.ascii('.');
            if (nanos % 1_000_000 == 0) {
                out.digits(nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                out.digits(nanos / 1_000, 6);
            } else {
                out.digits(nanos, 9);
            }
        }
        out.ascii('Z');
    }
}
