/**
 * The {@code airlock} command line: one class per subcommand, translating options into requests for the
 * application layer ({@code dev.airlock.app}) and results into text. No policy lives here.
 */
package dev.airlock.cli;
