package org.firmament.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dependency rule of docs/architecture.md, checked on the compiled production classes of every
 * module. Each rule fails (rather than passes vacuously) when the packages it names hold no class.
 */
class ArchitectureTest {

    private static final String DOMAIN = "org.firmament.domain..";
    private static final String APPLICATION = "org.firmament.application..";
    private static final String REST = "org.firmament.adapters.rest..";
    private static final String REST_AUTH = "org.firmament.adapters.rest.auth..";
    private static final String PERSISTENCE = "org.firmament.adapters.persistence..";
    private static final String STORAGE = "org.firmament.adapters.storage..";
    private static final String BOOTSTRAP = "org.firmament.bootstrap..";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.firmament");
    }

    @ParameterizedTest
    @ValueSource(strings = {DOMAIN, APPLICATION, REST, REST_AUTH, PERSISTENCE, STORAGE, BOOTSTRAP})
    void everyLayerTheRulesNameHoldsClasses(String layer) {
        assertFalse(production.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(layer))
                .isEmpty(), layer + " is empty or misspelt, so rules about it would check nothing");
    }

    @Test
    void theDomainDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(DOMAIN)
                .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
                .check(production);
    }

    @Test
    void theApplicationDependsOnTheDomainAndTheJdkOnly() {
        classes().that().resideInAPackage(APPLICATION)
                .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
                .check(production);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        SlicesRuleDefinition.slices().matching("org.firmament.adapters.(*)..")
                .should().notDependOnEachOther()
                .check(production);
    }

    @Test
    void nothingDependsOnBootstrap() {
        noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
                .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
                .check(production);
    }

    @Test
    void coreAndAdaptersDependOnlyInward() {
        for (String adapter : List.of(REST, PERSISTENCE, STORAGE)) {
            noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                    .should().dependOnClassesThat().resideInAPackage(adapter)
                    .check(production);
        }
    }

    @Test
    void jaxRsJerseyAndJacksonStayInTheRestAdapter() {
        frameworkOnlyIn(new String[] {REST, BOOTSTRAP}, "jakarta.ws.rs..", "org.glassfish..");
        frameworkOnlyIn(new String[] {REST}, "com.fasterxml..", "org.apache.commons.fileupload2..");
    }

    @Test
    void hibernateJpaHikariAndFlywayStayInThePersistenceAdapter() {
        frameworkOnlyIn(new String[] {PERSISTENCE}, "org.hibernate..", "jakarta.persistence..", "com.zaxxer..",
                "org.flywaydb..", "java.sql..", "javax.sql..");
    }

    @Test
    void theMinioClientStaysInTheStorageAdapter() {
        frameworkOnlyIn(new String[] {STORAGE}, "io.minio..", "okhttp3..");
    }

    @Test
    void micrometerStaysInTheRestAdapterAndBootstrap() {
        frameworkOnlyIn(new String[] {REST, BOOTSTRAP}, "io.micrometer..", "io.prometheus..");
    }

    @Test
    void nimbusJoseJwtStaysInTheRestAdaptersAuthPackage() {
        frameworkOnlyIn(new String[] {REST_AUTH}, "com.nimbusds..");
    }

    @Test
    void aRuleAboutAMisspeltPackageFailsInsteadOfPassing() {
        ArchRule aboutNothing = classes().that().resideInAPackage("org.firmament.domian..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..");
        assertThrows(AssertionError.class, () -> aboutNothing.check(production));
    }

    private static void frameworkOnlyIn(String[] owners, String... frameworkPackages) {
        noClasses().that().resideOutsideOfPackages(owners)
                .should().dependOnClassesThat().resideInAnyPackage(frameworkPackages)
                .check(production);
    }
}
