package org.firmament.adapters.rest.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderedJsonTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePartsAreWrittenInOrderAndTheirLengthIsTheAnswersLength() throws Exception {
        RenderedJson json = RenderedJson.of(utf8("{\"a\":"), utf8(""), utf8("[1,2]"), utf8(",\"\u00e9\":true}"));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        json.writeTo(written);
        assertArrayEquals(utf8("{\"a\":[1,2],\"\u00e9\":true}"), written.toByteArray());
        assertArrayEquals(written.toByteArray(), json.toByteArray());
        assertEquals(written.size(), json.length());
    }

    @Test
    void noPartsIsAnEmptyAnswerAndAMissingPartIsRefused() {
        assertEquals(0, RenderedJson.of().length());
        assertArrayEquals(new byte[0], RenderedJson.of().toByteArray());
        assertThrows(NullPointerException.class, () -> RenderedJson.of(utf8("{}"), null));
    }

    @Test
    void changingTheArrayOfPartsAfterwardsDoesNotChangeTheAnswer() {
        byte[][] parts = {utf8("[1]"), utf8("")};
        RenderedJson json = RenderedJson.of(parts);
        parts[1] = utf8("[2]");
        assertArrayEquals(utf8("[1]"), json.toByteArray());
    }
}
