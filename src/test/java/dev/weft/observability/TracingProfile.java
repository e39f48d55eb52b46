package dev.weft.observability;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The engine with its spans exported to memory, where a test reads them (the build's default exports none). */
public class TracingProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.traces.exporter", "cdi",
                "quarkus.otel.traces.sampler", "always_on",
                "quarkus.otel.bsp.schedule.delay", "0.05s");
    }

    /** Only in this profile's build (the others export nothing): the spans a test reads. */
    @ApplicationScoped
    public static class Exporter {
        @Produces
        @Singleton
        @IfBuildProperty(name = "quarkus.otel.traces.exporter", stringValue = "cdi")
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }
}
