/**
 * The egress proxy: the only way out of an allowlisted sandbox. It speaks HTTP CONNECT, absolute-form HTTP and
 * SOCKS5 on a unix socket, asks an {@link dev.airlock.egress.EgressGate} about every destination, resolves and
 * checks addresses itself, relays bytes and reports every destination as an {@link dev.airlock.egress.EgressEvent}.
 * It knows no policy; {@link dev.airlock.egress.AllowlistGate} is the standard gate.
 */
package dev.airlock.egress;
