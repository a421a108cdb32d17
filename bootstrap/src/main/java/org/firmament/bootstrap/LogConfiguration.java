package org.firmament.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Bootstrap: the server's logging, set up in code. Reading a {@code logback.xml} at start-up loads an
 * XML parser and logback's configuration model, several hundred classes, for these few lines. A file
 * named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} (the tests'), still wins:
 * logback reads it as usual.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** INFO to the console; the libraries' chatter at start-up only when it is a warning. */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        for (String library : new String[] {"org.hibernate", "org.flywaydb", "com.zaxxer.hikari", "org.glassfish",
                "io.minio"}) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        // Jersey bug eclipse-ee4j/jersey#3700, still in 3.1.11: ResourceModelConfigurator checks every registered
        // instance as a provider, counting as resources only resource classes, so each resource registered as an
        // instance is warned "not a provider" and then served as a resource all the same. Avoiding it means Jersey
        // creating the resources (a class plus an injection binding, looked up per request) or building their model
        // by hand: this logger is quieter and safer until Jersey fixes its check.
        context.getLogger("org.glassfish.jersey.internal.inject.Providers").setLevel(Level.ERROR);
    }
}
