/**
 * The host's guard after each writable command: what the sandbox left in the workspace that a host program
 * (the user's git, an agent, an editor) would run or follow is found, undone and reported. Git config is read
 * by a parser of its own; no git runs.
 */
package dev.airlock.guard;
