/**
 * The one place that decides: given what a command needs (its assessment), the mode, the profiles, the
 * rules and the session's grants, {@link dev.airlock.policy.Planner} says run it here, ask for a stronger
 * profile, or refuse. Pure: no Docker, no I/O, no prompts.
 */
package dev.airlock.policy;
