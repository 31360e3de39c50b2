/**
 * The boundary a sandbox would see, found before anything runs: which workspace files are masked as
 * secrets, which paths stay read-only, what the folder holds, and whether the folder is too broad to be a
 * workspace at all.
 */
package dev.airlock.scope;
