/**
 * Airlock runs an AI coding agent's shell commands in disposable Docker containers whose permissions match
 * the task, and asks a person before a command gets more. Sub-packages are features: {@code profile},
 * {@code session}, {@code runtime}, {@code cli}, and so on (see DESIGN.md).
 */
package dev.airlock;
