/**
 * Which capabilities have live agents, shared by all replicas: computed from the heartbeats in
 * the {@code agents} table and the running steps in {@code step_runs} (docs/agent-protocol.md §8),
 * refreshed periodically, and shown where a task would otherwise wait silently: GetExecution and
 * WatchExecution notices, metrics and log lines.
 */
package dev.weft.agents;
