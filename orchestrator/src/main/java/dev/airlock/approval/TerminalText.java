package dev.airlock.approval;

import dev.airlock.text.Clean;
import dev.airlock.assess.Reason;
import java.time.Duration;

/**
 * The words of the terminal prompt: the three questions every approval should answer (what will run, what
 * it affects, is it needed for this task), and the full explanation. Everything the agent wrote is cleaned
 * ({@link Clean#line}), so a command cannot redraw the prompt it is shown in, and shown whole or with a count of
 * what is not shown.
 */
final class TerminalText {

    /**
     * Undoes what a command's output may have left set on the terminal that would hide or garble a prompt: the
     * character set (SI, {@code ESC ( B}), colours and concealed text (SGR 0), insert mode, origin mode, no
     * autowrap (which would cut a long command at the margin), a scrolling region (which would scroll the prompt
     * through one line under a fake one) and a hidden cursor; then goes to the last line, so the prompt that
     * follows is drawn whole below everything the command printed.
     */
    static final String RESET = "\u000f\u001b(B\u001b[0m\u001b[4l\u001b[?6l\u001b[?7h\u001b[r\u001b[?25h\u001b[9999;1H\n";

    /** Characters of a command the prompt shows before it says how many more there are. */
    static final int COMMAND_SHOWN = 2_000;
    /** Characters of the other lines of the prompt (what it affects, why) before they say how many more. */
    static final int OTHER_SHOWN = 1_000;
    private static final String RULE = "----------------------------------------------------------------------";

    private TerminalText() {
    }

    static String prompt(ApprovalRequest r) {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("airlock: approval needed (").append(r.id()).append(")  ").append(RULE, 0, 40).append('\n');
        out.append("  What will run:    ").append(whole(Clean.line(r.command()))).append('\n');
        out.append("                   ").append(Texts.needs(r));
        if (!(r.kind() instanceof RequestKind.Command)) {
            out.append("; ").append(Clean.line(Texts.kind(r.kind())));
        }
        out.append('\n');
        out.append("  What it affects:  ").append(cut(Clean.line(Texts.affects(r)), OTHER_SHOWN)).append('\n');
        out.append("                    ").append(cut(Clean.line(Texts.reasonsInShort(r.reasons(), 3)), OTHER_SHOWN)).append('\n');
        out.append("  Is it needed:     ").append(cut(Clean.line(Texts.why(r)), OTHER_SHOWN)).append('\n');
        out.append("  [y] yes, once\n");
        if (r.offersSession()) {
            out.append("  [s] yes, for this session: allows ").append(Clean.line(Texts.sessionCovers(r))).append('\n');
        }
        out.append("  [n] no\n");
        out.append("  [e] explain: every reason in full\n");
        return out.toString();
    }

    /**
     * The command as the prompt shows it: all of it, or as much as a screen holds and how much is not shown.
     * Cleaning already replaced long runs of blanks by their count, so nothing shown is pushed out of sight.
     */
    static String whole(String command) {
        return cut(command, COMMAND_SHOWN);
    }

    /** At most {@code max} characters, then how many more there are and where to see them. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + " [... " + (text.length() - end)
                + " more characters not shown: answer e to see every word]";
    }

    static String question(ApprovalRequest r, Duration left) {
        return "Answer " + (r.offersSession() ? "[y/s/n/e]" : "[y/n/e]") + " (" + Texts.duration(left) + " left): ";
    }

    static String explain(ApprovalRequest r) {
        StringBuilder out = new StringBuilder("\n");
        out.append("  Request ").append(r.id()).append(" of session ").append(Clean.line(r.session()))
                .append(", asked at ").append(r.created()).append('\n');
        out.append("  Kind: ").append(Clean.line(Texts.kind(r.kind()))).append('\n');
        if (!r.argv().isEmpty()) {
            out.append("  Command, word by word:\n");
            for (int i = 0; i < r.argv().size(); i++) {
                out.append("    [").append(i).append("] ").append(Clean.line(r.argv().get(i))).append('\n');
            }
        }
        out.append("  Profile: needs ").append(r.neededProfile()).append(", the session runs in ")
                .append(r.currentProfile()).append('\n');
        out.append("  Tier: ").append(r.tier()).append('\n');
        out.append("  Reasons:").append(r.reasons().isEmpty() ? " none given\n" : "\n");
        for (Reason reason : r.reasons()) {
            out.append("    - ").append(reason.tier()).append("  ").append(Clean.line(reason.what())).append(": ")
                    .append(Clean.line(reason.detail())).append('\n');
        }
        out.append("  Domains: ").append(r.domains().isEmpty() ? "none" : Clean.line(String.join(", ", r.domains()))).append('\n');
        out.append("  Paths: ").append(r.paths().isEmpty() ? "none" : Clean.line(String.join(", ", r.paths()))).append('\n');
        out.append("  Why: ").append(Clean.line(Texts.why(r))).append('\n');
        out.append("  Yes for this session would allow: ").append(Clean.line(Texts.sessionCovers(r))).append('\n');
        return out.toString();
    }
}
