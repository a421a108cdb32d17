package org.firmament.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    private static final ProjectId ONE = ProjectId.DEFAULT;
    private static final ProjectId TWO = ProjectId.of(2);
    private static final ProjectId THREE = ProjectId.of(3);

    @Nested
    class AdminSeesAndChangesEveryProject {
        private final Principal admin = new Principal.Admin();

        @Test
        void everyProject() {
            assertTrue(admin.sees(TWO));
            assertTrue(admin.changes(THREE));
            assertTrue(admin.isOperator());
            assertEquals(Optional.of(Actor.ADMIN), admin.actor());
        }

        @Test
        void worksOnProjectOneUnlessAnotherIsNamed() {
            assertEquals(ONE, admin.workingProject(Optional.empty()));
            assertEquals(THREE, admin.workingProject(Optional.of(THREE)));
        }
    }

    @Nested
    class ProjectKeySeesOnlyItsProject {
        private final Principal read = new Principal.ProjectKey("k1", TWO, Role.READ);
        private final Principal write = new Principal.ProjectKey("k2", TWO, Role.WRITE);

        @Test
        void readKeyCannotChange() {
            assertTrue(read.sees(TWO));
            assertFalse(read.changes(TWO));
        }

        @Test
        void writeKeyChangesItsOwnProjectOnly() {
            assertTrue(write.changes(TWO));
            assertFalse(write.changes(ONE));
            assertFalse(write.sees(ONE));
        }

        @Test
        void worksOnItsOwnProjectAndRefusesToNameAnother() {
            assertEquals(TWO, read.workingProject(Optional.empty()));
            assertEquals(TWO, read.workingProject(Optional.of(TWO)));
            assertThrows(NotFoundException.class, () -> read.workingProject(Optional.of(ONE)));
        }

        @Test
        void auditNamesTheKeyIdNotTheSecret() {
            assertEquals(Optional.of(Actor.apiKey("k1")), read.actor());
        }
    }

    @Nested
    class UserGetsWhatItsTokenGrants {
        @Test
        void singleProjectUserWorksOnIt() {
            Principal user = new Principal.User(new UserGrant("alice", Set.of(THREE), Role.READ));
            assertEquals(THREE, user.workingProject(Optional.empty()));
            assertTrue(user.sees(THREE));
            assertFalse(user.changes(THREE));
        }

        @Test
        void multiProjectUserWorksOnProjectOneUnlessItNamesAnother() {
            Principal user = new Principal.User(new UserGrant("bob", Set.of(ONE, TWO), Role.WRITE));
            assertEquals(ONE, user.workingProject(Optional.empty()));
            assertEquals(TWO, user.workingProject(Optional.of(TWO)));
            assertTrue(user.changes(TWO));
            assertThrows(NotFoundException.class, () -> user.workingProject(Optional.of(THREE)));
        }

        @Test
        void multiProjectUserWithoutProjectOneMustNameOne() {
            Principal user = new Principal.User(new UserGrant("carol", Set.of(TWO, THREE), Role.WRITE));
            assertThrows(NotFoundException.class, () -> user.workingProject(Optional.empty()));
        }
    }

    @Nested
    class DeviceIsNeverAnOperator {
        private final Device device = Device.register(DeviceId.of("dev-1"), TWO, DeviceClass.of("sensor"), null,
                SecretHash.of("secret"), Instant.EPOCH);
        private final Principal principal = new Principal.DeviceKey(device);

        @Test
        void seesNoProjectAsAnOperator() {
            assertFalse(principal.isOperator());
            assertFalse(principal.sees(TWO));
            assertFalse(principal.changes(TWO));
        }

        @Test
        void worksInItsOwnProject() {
            assertEquals(TWO, principal.workingProject(Optional.empty()));
            assertThrows(NotFoundException.class, () -> principal.workingProject(Optional.of(ONE)));
        }
    }

    @Test
    void nobodySeesNothing() {
        Principal nobody = new Principal.Nobody();
        assertFalse(nobody.sees(ONE));
        assertFalse(nobody.isOperator());
        assertTrue(nobody.actor().isEmpty());
    }

    @Test
    void roleParsesTheWireNamesOnly() {
        assertEquals(Role.READ, Role.parse("read"));
        assertEquals(Role.WRITE, Role.parse("write"));
        assertTrue(assertThrows(RuntimeException.class, () -> Role.parse("WRITE")).getMessage().contains("read"));
        assertTrue(assertThrows(RuntimeException.class, () -> Role.parse(null)).getMessage().contains("read"));
    }
}
