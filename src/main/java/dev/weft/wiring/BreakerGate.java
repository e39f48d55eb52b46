package dev.weft.wiring;

import dev.weft.breaker.CapabilityBreakers;
import dev.weft.engine.DispatchGate;

/** The engine's dispatch gate is the capability's circuit breaker: what it refuses is held or fails fast. */
final class BreakerGate implements DispatchGate {
    private final CapabilityBreakers breakers;

    BreakerGate(CapabilityBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public DispatchGate.Admission admit(String capability) {
        return switch (breakers.admit(capability)) {
            case dev.weft.breaker.Admission.Admitted admitted -> DispatchGate.Admission.ADMITTED;
            case dev.weft.breaker.Admission.Refused refused -> DispatchGate.Admission.refused(refused.reason());
        };
    }
}
