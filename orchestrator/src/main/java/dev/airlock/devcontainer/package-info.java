/**
 * The workspace's own sandbox image: {@code .devcontainer/devcontainer.json} and Airlock's file beside it,
 * read without following links, and the build context Airlock makes from them itself (a tar with no link
 * and nothing the workspace masks), hashed so that a changed definition is asked about before it is built.
 */
package dev.airlock.devcontainer;
