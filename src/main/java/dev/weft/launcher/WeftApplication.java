package dev.weft.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;

/** Chooses what the process does once the engine is up. */
public class WeftApplication implements QuarkusApplication {

    @Inject
    DemoCommand demo;
    @Inject
    BenchmarkCommand bench;

    @Override
    public int run(String... args) throws Exception {
        String mode = args.length == 0 ? "serve" : args[0];
        return switch (mode) {
            case "serve" -> {
                Quarkus.waitForExit();
                yield 0;
            }
            case "demo" -> demo.run();
            case "bench" -> bench.run(args);
            default -> {
                System.err.println("usage: weft [serve|demo|bench [--executions N]|agents [...]|broker [...]]; unknown mode '"
                        + mode + "'");
                yield 2;
            }
        };
    }
}
