package dev.airlock.approval;

import dev.airlock.assess.Reason;
import java.time.Duration;

/**
 * The words of the terminal prompt: the three questions every approval should answer (what will run, what
 * it affects, is it needed for this task), and the full explanation. Everything the agent wrote is cleaned
 * of control characters, so a command cannot redraw the prompt it is shown in.
 */
final class TerminalText {

    private static final String RULE = "----------------------------------------------------------------------";

    private TerminalText() {
    }

    static String prompt(ApprovalRequest r) {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("airlock: approval needed (").append(r.id()).append(")  ").append(RULE, 0, 40).append('\n');
        out.append("  What will run:    ").append(Texts.clean(r.command())).append('\n');
        out.append("                   ").append(Texts.needs(r));
        if (!(r.kind() instanceof RequestKind.Command)) {
            out.append("; ").append(Texts.clean(Texts.kind(r.kind())));
        }
        out.append('\n');
        out.append("  What it affects:  ").append(Texts.clean(Texts.affects(r))).append('\n');
        out.append("                    ").append(Texts.clean(Texts.reasonsInShort(r.reasons(), 3))).append('\n');
        out.append("  Is it needed:     ").append(Texts.clean(Texts.why(r))).append('\n');
        out.append("  [y] yes, once\n");
        if (r.offersSession()) {
            out.append("  [s] yes, for this session: allows ").append(Texts.clean(Texts.sessionCovers(r))).append('\n');
        }
        out.append("  [n] no\n");
        out.append("  [e] explain: every reason in full\n");
        return out.toString();
    }

    static String question(ApprovalRequest r, Duration left) {
        return "Answer " + (r.offersSession() ? "[y/s/n/e]" : "[y/n/e]") + " (" + Texts.duration(left) + " left): ";
    }

    static String explain(ApprovalRequest r) {
        StringBuilder out = new StringBuilder("\n");
        out.append("  Request ").append(r.id()).append(" of session ").append(Texts.clean(r.session()))
                .append(", asked at ").append(r.created()).append('\n');
        out.append("  Kind: ").append(Texts.clean(Texts.kind(r.kind()))).append('\n');
        if (!r.argv().isEmpty()) {
            out.append("  Command, word by word:\n");
            for (int i = 0; i < r.argv().size(); i++) {
                out.append("    [").append(i).append("] ").append(Texts.clean(r.argv().get(i))).append('\n');
            }
        }
        out.append("  Profile: needs ").append(r.neededProfile()).append(", the session runs in ")
                .append(r.currentProfile()).append('\n');
        out.append("  Tier: ").append(r.tier()).append('\n');
        out.append("  Reasons:").append(r.reasons().isEmpty() ? " none given\n" : "\n");
        for (Reason reason : r.reasons()) {
            out.append("    - ").append(reason.tier()).append("  ").append(Texts.clean(reason.what())).append(": ")
                    .append(Texts.clean(reason.detail())).append('\n');
        }
        out.append("  Domains: ").append(r.domains().isEmpty() ? "none" : Texts.clean(String.join(", ", r.domains()))).append('\n');
        out.append("  Paths: ").append(r.paths().isEmpty() ? "none" : Texts.clean(String.join(", ", r.paths()))).append('\n');
        out.append("  Why: ").append(Texts.clean(Texts.why(r))).append('\n');
        out.append("  Yes for this session would allow: ").append(Texts.clean(Texts.sessionCovers(r))).append('\n');
        return out.toString();
    }
}
