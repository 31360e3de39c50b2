/**
 * The {@code airlock} command line: one class per subcommand, translating options into requests for the
 * session and results into text. No policy lives here. {@link dev.airlock.cli.Airlock} is the composition root.
 */
package dev.airlock.cli;
