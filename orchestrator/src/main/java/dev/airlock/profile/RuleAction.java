package dev.airlock.profile;

/** What a policy rule says about the commands it matches. JSON names: {@code allow}, {@code ask}, {@code deny}. */
public enum RuleAction {
    /** approve an escalation without asking a person (never a destructive command) */
    ALLOW,
    /** ask a person even when the mode would not */
    ASK,
    /** refuse, in every mode; wins over everything */
    DENY
}
