package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.AirlockException;
import dev.airlock.approval.ApprovalJson;
import dev.airlock.approval.ApprovalQueue;
import dev.airlock.approval.ApprovalRequest;
import dev.airlock.approval.Grant;
import dev.airlock.approval.PendingRequest;
import dev.airlock.text.Clean;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock approvals}: the approval requests waiting in the queue, for {@code airlock approve} or {@code deny}. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock approvals", "  airlock approvals --json"},
        name = "approvals",
        description = "List the approval requests waiting for an answer (from runs with --approver queue), then those that "
                + "expired unanswered in the last day (their run gave up, or died while it waited).")
final class ApprovalsCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, and the pending requests, each with its ageSeconds and deadline.")
    boolean json;

    ApprovalsCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() throws Exception {
        ApprovalQueue queue = queue(airlock);
        List<PendingRequest> pending = queue.pending();
        PrintStream out = airlock.console().out();
        if (json) {
            out.println(Json.write(json(pending)));
            return 0;
        }
        if (pending.isEmpty()) {
            out.println("No approval requests are waiting.");
        }
        for (PendingRequest p : pending) {
            ApprovalRequest r = p.request();
            out.println(r.id() + "  waiting " + age(p.age()) + "  needs " + r.neededProfile() + " (now "
                    + r.currentProfile() + ")  session " + clean(r.session()));
            out.println("    command: " + clean(r.command()));
            out.println("    affects: " + r.tier() + affects(r));
            out.println("    why:     " + r.why().map(ApprovalsCommand::clean).orElse("no reason given"));
            if (r.offersSession()) {
                out.println("    --scope session would allow: " + clean(String.join("; ",
                        r.sessionGrants().stream().map(Grant::describe).toList())));
            }
            out.println("    answer:  airlock approve " + r.id() + (r.offersSession() ? " [--scope session]" : "")
                    + "  |  airlock deny " + r.id() + " [--reason TEXT]");
        }
        // kept a day, like answers: so a request whose run died or gave up is not simply gone from the list
        for (ApprovalQueue.Expired x : queue.expired()) {
            out.println(x.request().id() + "  expired " + age(Duration.between(x.at(), java.time.Instant.now())) + " ago  session "
                    + clean(x.request().session()));
            out.println("    command: " + clean(x.request().command()));
            out.println("    why:     " + clean(x.reason()));
        }
        return 0;
    }

    /** The document {@code approvals --json} prints (docs/JSON.md): each request as it is kept, with its age and deadline. */
    static java.util.Map<String, Object> json(List<PendingRequest> pending) {
        List<ObjectNode> requests = pending.stream().map(p -> {
            ObjectNode node = ApprovalJson.mapper().valueToTree(p.request());
            node.put("ageSeconds", p.age().toSeconds());
            node.put("deadline", p.deadline().toString());
            return node;
        }).toList();
        return Json.document(Json.fields("pending", requests));
    }

    static ApprovalQueue queue(Airlock airlock) {
        return airlock.app().approvals();
    }

    /** Who answers from this terminal, for the record. */
    static String person(Airlock airlock, String verb) {
        String user = airlock.console().env().getOrDefault("USER", airlock.console().env().get("LOGNAME"));
        return (user == null || user.isBlank() ? "someone" : user) + " (airlock " + verb + ")";
    }

    static AirlockException noId() {
        return AirlockException.usage("no approval request id given", "`airlock approvals` lists the pending ones");
    }

    private static String affects(ApprovalRequest r) {
        StringBuilder out = new StringBuilder();
        if (!r.domains().isEmpty()) {
            out.append("; network: ").append(clean(String.join(", ", r.domains())));
        }
        if (!r.paths().isEmpty()) {
            out.append("; paths: ").append(clean(String.join(", ", r.paths())));
        }
        r.reasons().stream().limit(3).forEach(reason -> out.append("; ").append(clean(reason.what() + " " + reason.detail())));
        if (r.reasons().size() > 3) {
            out.append("; and ").append(r.reasons().size() - 3).append(" more");
        }
        return out.toString();
    }

    private static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + String.format("%02ds", s % 60)
                : s / 3600 + "h" + String.format("%02dm", (s % 3600) / 60);
    }

    /** Requests come from agents: their text must not move the cursor or recolour the listing. */
    private static String clean(String text) {
        return Clean.line(text);
    }
}
