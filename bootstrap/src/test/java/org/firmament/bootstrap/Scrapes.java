package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Test support: reading {@code GET /metrics} as Prometheus would. A request is counted once the
 * server has finished writing its response, which can be a moment after the client has read it,
 * so a test that scrapes straight after a request waits for the count with {@link #until}.
 */
final class Scrapes {

    private Scrapes() {
    }

    static String scrape(Http http) {
        Http.Response metrics = http.get("/metrics");
        assertEquals(200, metrics.status());
        return new String(metrics.bytes(), StandardCharsets.UTF_8);
    }

    /** The first scrape that shows {@code counted}, or the last one after five seconds. */
    static String until(Http http, Predicate<String> counted) {
        return until(http, counted, Duration.ofSeconds(5));
    }

    /** The first scrape that shows {@code counted}, or the last one once {@code within} has passed. */
    static String until(Http http, Predicate<String> counted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String text = scrape(http);
        while (!counted.test(text) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
            text = scrape(http);
        }
        return text;
    }

    /** The sample lines of {@code name} whose labels include all of {@code labels}. */
    static List<String> series(String text, String name, Map<String, String> labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
                .collect(Collectors.toList());
    }

    /** The sum over the matching series; 0 when none exists yet (a counter before its first increment). */
    static double value(String text, String name, Map<String, String> labels) {
        return series(text, name, labels).stream()
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
