/**
 * Airlock inside the coding agents people use: what {@code airlock init} writes into a client's configuration (and
 * takes out again), and how a client's own tool calls are mapped onto Airlock's answers ({@code airlock hook}).
 */
package dev.airlock.agents;
