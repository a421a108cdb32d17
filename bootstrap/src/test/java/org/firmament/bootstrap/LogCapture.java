package org.firmament.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Test support: what the server (it runs in the test's JVM) logs while a test acts. */
final class LogCapture {

    /** What a test does while its log is captured. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private LogCapture() {
    }

    /** Everything logged while {@code action} ran, with {@code atDebug}'s logger at DEBUG meanwhile. */
    static List<ILoggingEvent> during(Class<?> atDebug, Action action) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger debugged = (Logger) LoggerFactory.getLogger(atDebug);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        Level level = debugged.getLevel();
        debugged.setLevel(Level.DEBUG);
        try {
            action.run();
        } finally {
            root.detachAppender(appender);
            debugged.setLevel(level);
        }
        return List.copyOf(appender.list);
    }
}
