/**
 * Assessment: what a command needs (its risk tier and the reasons: paths, domains, history rewrites,
 * secrets), found by parsing it as a shell would, before it runs. Pure: no Docker, no I/O.
 */
package dev.airlock.assess;
