package org.firmament.adapters.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The method label has a fixed set of values, whatever method name a client invents. */
class HttpRequestMetricsTest {

    @ParameterizedTest
    @CsvSource({"GET,GET", "get,GET", "POST,POST", "DELETE,DELETE", "HEAD,HEAD", "BREW,OTHER", "PROPFIND,OTHER"})
    void unknownMethodsShareOneLabelValue(String sent, String label) {
        assertEquals(label, HttpRequestMetrics.method(sent));
    }
}
