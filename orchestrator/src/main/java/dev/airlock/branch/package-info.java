/**
 * A session's own branch: a standalone repository in Airlock's state folder that the sandbox works in, its work
 * committed by Airlock into a private store the sandbox never sees, and brought into the user's repository
 * ({@code airlock apply}) or dropped ({@code airlock discard}) without running anything either repository configures.
 */
package dev.airlock.branch;
