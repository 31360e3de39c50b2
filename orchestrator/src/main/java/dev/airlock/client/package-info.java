/**
 * The thin {@code airlock} client: forwards a command line, its streams and the person's terminal to the
 * per-user Airlock server over a unix socket, starting the server when none runs. Only {@code java.base}, so
 * a command's path starts a small JVM that never loads the Docker client.
 */
package dev.airlock.client;
