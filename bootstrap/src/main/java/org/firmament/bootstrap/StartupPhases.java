package org.firmament.bootstrap;

import java.util.StringJoiner;

/** Bootstrap: how long each phase of a start took, for the log line that says where start-up time goes. */
final class StartupPhases {

    private final StringJoiner phases = new StringJoiner(", ");
    private long phaseStarted = System.nanoTime();

    /** Ends the phase running since the previous call (or since construction), named {@code phase}. */
    void ended(String phase) {
        long now = System.nanoTime();
        phases.add(phase + " " + (now - phaseStarted) / 1_000_000 + " ms");
        phaseStarted = now;
    }

    @Override
    public String toString() {
        return phases.toString();
    }
}
