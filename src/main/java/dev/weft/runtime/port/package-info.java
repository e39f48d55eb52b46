/**
 * What the runtime needs from the outside world, as interfaces: the store, the broker, timers and
 * the change feed. Production wires PostgreSQL and AMQP adapters behind them; the deterministic
 * simulation wires in-memory fakes with seeded faults, so the very same runtime code runs in both.
 */
package dev.weft.runtime.port;
