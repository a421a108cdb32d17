package org.firmament.application.port.in;

/** Use case: whether the server can do its work, that is reach its database and its binary store. */
public interface CheckHealthUseCase {

    /** One check's outcome: the component's name, whether it answered, and why not. */
    record Check(String component, boolean up, String detail) {
    }

    /** The outcome of all checks; healthy only when every one is up. */
    record HealthReport(java.util.List<Check> checks) {

        public boolean healthy() {
            return checks.stream().allMatch(Check::up);
        }
    }

    HealthReport check();
}
