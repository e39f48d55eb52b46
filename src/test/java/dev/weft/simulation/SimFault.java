package dev.weft.simulation;

/** A failure the simulation injected (or a conflict the simulated database refused). */
final class SimFault extends RuntimeException {
    SimFault(String message) {
        super(message, null, false, false);
    }
}
