/**
 * Airlock's JSON setups, each built once for one kind of document (approval records, audit lines, CLI output,
 * configuration files, loose trees), and the one ISO-8601 form of instants they all write and read.
 */
package dev.airlock.json;
