/**
 * The per-user Airlock server: one process that keeps the engine connection, warm sessions and a pool of
 * pre-started containers, and runs each client's command line with the client's streams and terminal. Its
 * state is on disk and its containers die with it, so a crash loses nothing and leaves nothing.
 */
package dev.airlock.server;
