package org.firmament.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.firmament.adapters.persistence.Persistence;
import org.firmament.adapters.persistence.PoolStatistics;

/**
 * Bootstrap: the server's one meter registry, with the JVM and the database pool bound to it; the
 * REST adapter adds the request and download meters and serves it all at {@code /metrics}.
 */
final class ServerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private ServerMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry with JVM meters and gauges over {@code pool}, read at each scrape. */
    static ServerMetrics start(Supplier<PoolStatistics> pool) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // It listens to GC notifications, so it must be closed with the server (tests start many).
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        bindPool(registry, pool);
        return new ServerMetrics(registry, gc);
    }

    /**
     * HikariCP's own Micrometer names and {@code pool} tag, so existing Hikari dashboards work; the
     * numbers come through the persistence adapter's plain record, keeping Hikari's types inside it.
     */
    private static void bindPool(MeterRegistry registry, Supplier<PoolStatistics> pool) {
        gauge(registry, "hikaricp.connections.active", "Connections lent out now", pool, PoolStatistics::active);
        gauge(registry, "hikaricp.connections.idle", "Open connections waiting in the pool", pool, PoolStatistics::idle);
        gauge(registry, "hikaricp.connections.pending", "Threads waiting for a connection", pool,
                PoolStatistics::pending);
        gauge(registry, "hikaricp.connections", "Open connections", pool, PoolStatistics::total);
        gauge(registry, "hikaricp.connections.max", "Most connections the pool opens", pool, PoolStatistics::maximum);
    }

    private static void gauge(MeterRegistry registry, String name, String description, Supplier<PoolStatistics> pool,
                              ToIntFunction<PoolStatistics> value) {
        Gauge.builder(name, () -> value.applyAsInt(pool.get()))
                .description(description)
                .tag("pool", Persistence.POOL_NAME)
                .register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
