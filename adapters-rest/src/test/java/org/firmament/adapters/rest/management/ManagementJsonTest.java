package org.firmament.adapters.rest.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Optional;
import org.firmament.domain.device.UpdateState;
import org.junit.jupiter.api.Test;

class ManagementJsonTest {

    /** A constant with a body is a subclass of its enum: its name still comes from the enum's list. */
    private enum WithBodies {
        PLAIN_ONE,
        WITH_BODY {
            @Override
            public String toString() {
                return "other";
            }
        }
    }

    @Test
    void everyConstantIsWrittenInLowerCase_andReadBack() {
        for (UpdateState state : UpdateState.values()) {
            assertEquals(state.name().toLowerCase(Locale.ROOT), ManagementJson.name(state));
            assertEquals(Optional.of(state), ManagementJson.parse(UpdateState.class, ManagementJson.name(state)));
        }
        assertEquals("plain_one", ManagementJson.name(WithBodies.PLAIN_ONE));
        assertEquals("with_body", ManagementJson.name(WithBodies.WITH_BODY));
        assertEquals(Optional.empty(), ManagementJson.parse(WithBodies.class, "WITH_BODY"));
    }
}
