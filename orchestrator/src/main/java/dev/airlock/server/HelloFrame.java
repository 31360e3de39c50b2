package dev.airlock.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.json.JsonMappers;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's invocation as its hello frame says it (JSON: {@code argv}, {@code cwd}, {@code env},
 * {@code stdinTty}, {@code stderrTty}), every field checked before anything uses it: a hello that is not what
 * a client sends is a {@link ProtocolError} naming the field, answered to the client, never an exception of its own.
 *
 * @param cwd absolute and normalized
 */
record HelloFrame(List<String> argv, Path cwd, Map<String, String> env, boolean stdinTty, boolean stderrTty) {

    /** A client's frame that the protocol does not allow; its message says which part and why. */
    static final class ProtocolError extends Exception {
        ProtocolError(String message) {
            super(message);
        }
    }

    HelloFrame {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    static HelloFrame parse(byte[] payload) throws ProtocolError {
        if (payload.length == 0) {
            throw new ProtocolError("the hello is empty");
        }
        JsonNode node;
        try {
            node = JsonMappers.TREES.readTree(payload);
        } catch (JacksonException e) {
            throw new ProtocolError("the hello is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ProtocolError("the hello cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolError("the hello is not a JSON object");
        }
        JsonNode args = node.get("argv");
        if (args == null || !args.isArray()) {
            throw new ProtocolError("the hello has no argv array");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode a : args) {
            argv.add(text(a, "argv[" + argv.size() + "]"));
        }
        JsonNode cwdNode = node.get("cwd");
        if (cwdNode == null) {
            throw new ProtocolError("the hello has no cwd");
        }
        String cwdText = text(cwdNode, "cwd");
        Path cwd;
        try {
            cwd = Path.of(cwdText);
        } catch (InvalidPathException e) {
            throw new ProtocolError("the hello's cwd is not a path: " + e.getReason());
        }
        if (!cwd.isAbsolute()) {
            throw new ProtocolError("the hello's cwd is not absolute");
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null) {
            if (!envNode.isObject()) {
                throw new ProtocolError("the hello's env is not an object");
            }
            for (var e : envNode.properties()) {
                String name = e.getKey();
                if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    throw new ProtocolError("the hello's env has a variable name that no environment can hold");
                }
                env.put(name, text(e.getValue(), "env." + name));
            }
        }
        return new HelloFrame(argv, cwd.normalize(), env, flag(node, "stdinTty"), flag(node, "stderrTty"));
    }

    /** A string that a process's argv, path or environment can hold: no NUL. */
    private static String text(JsonNode node, String field) throws ProtocolError {
        if (!node.isTextual()) {
            throw new ProtocolError("the hello's " + shorten(field) + " is not a string");
        }
        String value = node.textValue();
        if (value.indexOf('\0') >= 0) {
            throw new ProtocolError("the hello's " + shorten(field) + " holds a NUL character");
        }
        return value;
    }

    private static boolean flag(JsonNode node, String field) throws ProtocolError {
        JsonNode value = node.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ProtocolError("the hello's " + field + " is not true or false");
        }
        return value.booleanValue();
    }

    // a field name comes from the client: bounded and printable in what the server logs and answers
    private static String shorten(String field) {
        String printable = field.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
