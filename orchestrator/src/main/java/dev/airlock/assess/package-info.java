/**
 * Assessment: what a command needs (its risk tier and the reasons: paths, domains, history rewrites,
 * secrets), found by parsing it as a shell would, before it runs. Pure: no Docker, no I/O.
 *
 * <p>{@link dev.airlock.assess.Classifier} is the entry point: a parser of the bash command language, a walker
 * that follows the working directory and literal variables, and one rule per program family (git, package
 * managers, file operations, network tools, ...) that turns each simple command into a
 * {@link dev.airlock.assess.Part}.
 */
package dev.airlock.assess;
