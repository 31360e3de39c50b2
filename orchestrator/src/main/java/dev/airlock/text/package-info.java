/**
 * How text that an agent, a command or a file name controls is shown to people and models: one cleaner that
 * every face and report uses, so such text can neither draw on a screen nor pass for Airlock's own lines.
 */
package dev.airlock.text;
