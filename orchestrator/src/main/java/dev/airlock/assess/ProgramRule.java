package dev.airlock.assess;

/** What one program does with its arguments: adds effects to the call, or hands the call on to the command it runs. */
@FunctionalInterface
interface ProgramRule {

    void apply(Call call);
}
