package dev.airlock.approval;

import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI prints, with exit 77, when an escalation was denied or not answered: what was needed
 * (profile, tier, reasons, domains), why it did not run, and the exact commands that would approve it.
 */
public final class Denials {

    private Denials() {
    }

    /**
     * The denial as an {@link AirlockException} of kind {@code DENIED}: message and hint, as the CLI prints them.
     *
     * @param rerun how this run was invoked, without its {@code --approver}, {@code --profile} and
     *              {@code --allow-domain} options and without the command: {@code [airlock, run, --mode, default]}
     */
    public static AirlockException exception(ApprovalRequest request, Answer.Denied denial, List<String> rerun) {
        return new AirlockException(AirlockException.Kind.DENIED, message(request, denial), hint(request, rerun));
    }

    /** The whole text: message, then what to do. */
    public static String text(ApprovalRequest request, Answer.Denied denial, List<String> rerun) {
        return message(request, denial) + "\nwhat to do: " + hint(request, rerun);
    }

    static String message(ApprovalRequest r, Answer.Denied denial) {
        StringBuilder out = new StringBuilder();
        out.append("not run: ").append(Clean.line(r.command())).append(Texts.needs(r)).append(", and approval request ")
                .append(r.id()).append(" was denied: ").append(Clean.line(denial.reason()))
                .append(" [").append(Clean.line(denial.by())).append("]");
        if (r.kind() instanceof RequestKind.Network || r.kind() instanceof RequestKind.OnFailure
                || r.kind() instanceof RequestKind.ModeChange || r.kind() instanceof RequestKind.ProjectImage) {
            out.append("\n  asked for: ").append(Clean.line(Texts.kind(r.kind())));
        }
        out.append("\n  tier: ").append(r.tier());
        out.append("\n  reasons: ").append(Clean.line(Texts.reasonsInShort(r.reasons(), Integer.MAX_VALUE)));
        if (!r.domains().isEmpty()) {
            out.append("\n  domains: ").append(Clean.line(String.join(", ", r.domains())));
        }
        if (!r.paths().isEmpty()) {
            out.append("\n  paths: ").append(Clean.line(String.join(", ", r.paths())));
        }
        return out.toString();
    }

    static String hint(ApprovalRequest r, List<String> rerun) {
        String base = Clean.line(Shell.quote(rerun.isEmpty() ? List.of("airlock", "run") : rerun));
        if (r.kind() instanceof RequestKind.ProjectImage p) {
            // nothing but a person's yes builds it: no flag allows it up front
            return "nothing ran and nothing was built. Read " + Clean.line(p.definition()) + " and what it builds, then run the "
                    + "command again with --approver queue (answer with airlock approvals; airlock approve ID) or at a "
                    + "terminal; or set \"enabled\": false in Airlock's file beside it to run on the profile's own image";
        }
        // quoted, a command is clean unless it holds a long run of blanks, which a screen must not show as it is
        String command = r.argv().isEmpty() ? "CMD..." : Shell.quote(r.argv());
        if (!Clean.isClean(command)) {
            command = "CMD...   (the command as you gave it; as shown above it is shortened)";
        }
        List<String> lines = new ArrayList<>();
        lines.add("nothing ran. To approve it, run it again and answer from another terminal:");
        lines.add("    " + base + " --approver queue -- " + command);
        lines.add("    airlock approvals     # shows its id, then:");
        lines.add("    airlock approve ID" + (r.offersSession() ? "   (or --scope session: " + Clean.line(
                Texts.sessionCovers(r)) + ")" : ""));
        // only domains can be granted up front: --profile names a profile, and a stronger one is asked about all the
        // same (#17: the hint that offered it just asked again)
        List<String> domains = r.kind() instanceof RequestKind.Network n ? List.of(n.host()) : r.domains();
        if (!domains.isEmpty()) {
            lines.add("  or allow its domains up front:");
            StringBuilder flags = new StringBuilder();
            domains.forEach(d -> flags.append(" --allow-domain ").append(Clean.line(Shell.quote(d))));
            lines.add("    " + base + flags + " -- " + command);
        }
        return String.join("\n", lines);
    }
}
