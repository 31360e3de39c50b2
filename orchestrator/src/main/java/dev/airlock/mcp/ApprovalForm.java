package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.approval.Answer;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Grant;
import dev.airlock.approval.RequestKind;
import dev.airlock.approval.Scope;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An approval request as an MCP elicitation form: the three questions every approval answers (what will run,
 * what it affects, is it needed), and one choice: yes once, yes for this session (only when the request offers
 * it), or no. The form has that one field only, so Enter submits it in every client (an empty optional text
 * field keeps Codex's form open); a no is followed by a second form asking why. Reads the client's result back
 * as an {@link Answer}; anything but an accepted yes is a no.
 */
final class ApprovalForm {

    static final String ONCE = "once";
    static final String SESSION = "session";
    static final String NO = "no";
    static final String SAID_NO = "the user said no";

    private ApprovalForm() {
    }

    static ElicitFormRequest request(ApprovalRequest r, Duration waits) {
        return ElicitFormRequest.builder(message(r, waits), schema(r)).build();
    }

    static String message(ApprovalRequest r, Duration waits) {
        List<String> lines = new ArrayList<>();
        lines.add("Airlock asks before " + switch (r.kind()) {
            // request_network asks for domains with no command yet
            case RequestKind.Command c when r.argv().isEmpty() -> "giving this session's commands network access.";
            case RequestKind.Command c -> "running a command that needs more than this session's mode gives.";
            case RequestKind.Network n -> "letting a running command connect to a host nobody granted.";
            case RequestKind.OnFailure f -> "running a command again with more: the sandbox stopped it.";
            case RequestKind.ModeChange m -> "letting the agent switch this whole session from mode " + m.from()
                    + " to the wider mode " + m.to() + ".";
            case RequestKind.ProjectImage p -> "building and using the sandbox image the workspace defines in " + p.definition()
                    + ", which is new or changed (the sandbox can write that file).";
        });
        lines.add("");
        lines.add("What will run: " + Clean.line(switch (r.kind()) {
            case RequestKind.Network n -> r.command() + " (the command waits for your answer)";
            case RequestKind.OnFailure f -> r.command() + ", again; it failed because of " + f.restriction();
            case RequestKind.Command c -> r.command();
            case RequestKind.ModeChange m -> r.command() + " (every later command of the session runs in " + m.to() + ")";
            case RequestKind.ProjectImage p -> r.command() + " (with no network; the sandbox then runs on it, hardened as always)";
        }));
        lines.add("What it affects: " + Clean.line(affects(r)));
        lines.add("Is it needed: " + r.why().map(w -> "the agent says \"" + Clean.line(w) + "\"")
                .orElse("the agent gave no reason"));
        lines.add("");
        lines.add(r.offersSession()
                ? "Yes for this session would also allow: " + Clean.line(sessionCovers(r)) + "."
                : "Only \"yes, once\" is offered: a session grant for this command would cover more than you see here.");
        lines.add("Request " + r.id() + "; no answer within " + Text.duration(waits) + " is a no.");
        return String.join("\n", lines);
    }

    static Map<String, Object> schema(ApprovalRequest r) {
        List<String> values = new ArrayList<>(List.of(ONCE));
        List<String> names = new ArrayList<>(List.of("Yes, this once"));
        if (r.offersSession()) {
            values.add(SESSION);
            names.add("Yes, for the rest of this session");
        }
        values.add(NO);
        names.add("No");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("type", "string");
        answer.put("title", "Allow it?");
        answer.put("description", String.join("; ", names));
        answer.put("enum", values);
        answer.put("enumNames", names); // how clients before the 2025-11-25 revision label the choices
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("answer", answer);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("answer"));
        return schema;
    }

    /** The form after a no: why not, told to the agent; a dismissal means no reason. */
    static ElicitFormRequest reasonRequest(ApprovalRequest r) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("type", "string");
        reason.put("title", "Why not?");
        reason.put("description", "Told to the agent (Esc to skip).");
        reason.put("maxLength", 500);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("reason", reason));
        schema.put("required", List.of("reason"));
        return ElicitFormRequest.builder("Airlock: you said no to " + Clean.line(r.command())
                + ". Why not? The agent reads your reason; Esc skips it.", schema).build();
    }

    /** The reason in a result of {@link #reasonRequest}, if the person gave one. */
    static java.util.Optional<String> reason(ElicitResult result) {
        if (result == null || result.action() != ElicitResult.Action.ACCEPT || result.content() == null) {
            return java.util.Optional.empty();
        }
        return result.content().get("reason") instanceof String s && !s.isBlank()
                ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }

    /** The person's answer; {@code by} names them for the audit log ({@code user via Claude Code}). */
    static Answer answer(ElicitResult result, ApprovalRequest r, String by) {
        return switch (result.action()) {
            case DECLINE -> new Answer.Denied("the user declined", by);
            case CANCEL -> new Answer.Denied("the user dismissed the question without answering", by);
            case ACCEPT -> {
                Map<String, Object> content = result.content() == null ? Map.of() : result.content();
                String reason = content.get("reason") instanceof String s && !s.isBlank() ? s.strip() : "";
                yield switch (content.get("answer") instanceof String s ? s.strip() : "") {
                    case ONCE -> new Answer.Approved(Scope.ONCE, by);
                    // a session grant the request did not offer is not given; the yes holds for this command
                    case SESSION -> new Answer.Approved(r.offersSession() ? Scope.SESSION : Scope.ONCE, by);
                    case NO -> new Answer.Denied(reason.isEmpty() ? SAID_NO : SAID_NO + ": " + reason, by);
                    default -> new Answer.Denied("the answer was none of " + ONCE + ", " + SESSION + ", " + NO, by);
                };
            }
        };
    }

    private static String affects(ApprovalRequest r) {
        StringBuilder out = new StringBuilder(r.tier().name());
        if (!r.domains().isEmpty()) {
            out.append("; network: ").append(String.join(", ", r.domains()));
        }
        if (!r.paths().isEmpty()) {
            out.append("; paths: ").append(String.join(", ", r.paths()));
        }
        out.append(". It needs the sandbox profile ").append(r.neededProfile());
        if (!r.neededProfile().equals(r.currentProfile())) {
            out.append(" (this session runs in ").append(r.currentProfile()).append(")");
        }
        if (!r.reasons().isEmpty()) {
            out.append(". Because: ").append(r.reasons().stream().limit(6).map(x -> x.what() + " " + x.detail())
                    .collect(Collectors.joining("; ")));
            if (r.reasons().size() > 6) {
                out.append("; and ").append(r.reasons().size() - 6).append(" more");
            }
        }
        return out.toString();
    }

    private static String sessionCovers(ApprovalRequest r) {
        return r.sessionGrants().stream().map(Grant::describe).collect(Collectors.joining("; "));
    }
}
