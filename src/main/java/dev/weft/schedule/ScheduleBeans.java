package dev.weft.schedule;

import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.store.PgExecutionReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This replica's schedule poller. */
@ApplicationScoped
public class ScheduleBeans {

    @ConfigProperty(name = "weft.schedules.misfire-grace", defaultValue = "60s")
    Duration grace;

    @Produces
    @Singleton
    SchedulePoller poller(PgScheduleStore store, ExecutionStarts starts, ExecutionRuntime runtime,
                          PgExecutionReader executions) {
        return new SchedulePoller(store, starts, runtime, executions, grace);
    }
}
