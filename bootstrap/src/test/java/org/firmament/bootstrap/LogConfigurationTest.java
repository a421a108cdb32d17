package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfigurationTest {

    @Test
    void logback_findsTheConfigurationInCode() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(provider -> provider.type() == LogConfiguration.class));
    }

    @Test
    void theServer_logsInfoToTheConsoleAndLibrariesOnlyWarnings() {
        LoggerContext context = new LoggerContext();

        LogConfiguration.apply(context);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertTrue(console.isStarted());
        assertEquals(LogConfiguration.PATTERN, ((PatternLayoutEncoder) console.getEncoder()).getPattern());
        assertEquals(Level.WARN, context.getLogger("org.hibernate.SQL").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("org.flywaydb.core").getEffectiveLevel());
        assertEquals(Level.ERROR, context.getLogger("org.glassfish.jersey.internal.inject.Providers").getLevel());
        assertEquals(Level.INFO, context.getLogger(FirmamentServer.class).getEffectiveLevel());
    }

    @Test
    void aLogbackTestXmlOnTheClassPath_isLeftToLogback() {
        LogConfiguration configuration = new LogConfiguration();
        LoggerContext context = new LoggerContext();
        configuration.setContext(context);

        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configuration.configure(context),
                "the tests' logback-test.xml is on this class path");
    }
}
