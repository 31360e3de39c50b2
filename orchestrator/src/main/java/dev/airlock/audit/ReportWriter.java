package dev.airlock.audit;

import dev.airlock.text.Clean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Writes a {@link Report} for people: plain text for a terminal, or Markdown for a pull request or a page. */
final class ReportWriter {

    private static final int PATHS_SHOWN = 50;

    private final boolean markdown;
    private final StringBuilder out = new StringBuilder();

    private ReportWriter(boolean markdown) {
        this.markdown = markdown;
    }

    static String text(Report report) {
        return new ReportWriter(false).write(report);
    }

    static String markdown(Report report) {
        return new ReportWriter(true).write(report);
    }

    private String write(Report r) {
        title(r);
        ran(r);
        changed(r);
        branch(r);
        escalations(r);
        destinations(r);
        flagged(r);
        excluded(r);
        heading("Before accepting the work");
        for (int i = 0; i < r.checks().size(); i++) {
            out.append(markdown ? "" : "  ").append(i + 1).append(". ").append(t(r.checks().get(i))).append('\n');
        }
        if (!r.warnings().isEmpty()) {
            heading("Warnings");
            r.warnings().forEach(w -> item(t(w)));
        }
        return out.toString();
    }

    private void title(Report r) {
        String when = r.started().map(ReportWriter::instant).map(s -> "started " + s).orElse("start not recorded")
                + r.ended().map(e -> ", ended " + instant(e)
                        + r.started().map(s -> " (" + duration(Duration.between(s, e).toMillis()) + ")").orElse(""))
                .orElse(", not ended");
        if (markdown) {
            out.append("# Airlock report: session ").append(code(r.session())).append("\n\n")
                    .append("Mode ").append(code(r.mode())).append(", workspace ").append(code(r.workspace()))
                    .append(", ").append(when).append(".\n");
        } else {
            out.append("Airlock report: session ").append(t(r.session())).append(", mode ").append(t(r.mode())).append('\n')
                    .append("Workspace ").append(t(r.workspace())).append(", ").append(when).append('\n');
        }
    }

    private void ran(Report r) {
        heading("What ran: " + Checks.count(r.ran().size(), "command") + " ran, " + r.refused().size() + " refused");
        if (markdown && !r.ran().isEmpty()) {
            out.append("| id | exit | profile | time | command |\n|---|---:|---|---:|---|\n");
        }
        for (Report.Ran c : r.ran()) {
            String exit = c.interrupted() ? "interrupted" : c.timedOut() ? "timeout" : c.oomKilled() ? "oom" : Integer.toString(c.exitCode());
            if (markdown) {
                out.append("| ").append(t(c.id())).append(" | ").append(exit).append(" | ").append(t(c.profile()))
                        .append(" | ").append(duration(c.durationMs())).append(" | ")
                        .append(code(c.command()).replace("|", "\\|")).append(" |\n");
            } else {
                out.append(String.format(Locale.ROOT, "  %-6s exit %-7s %-22s %8s  %s%n", t(c.id()), exit, t(c.profile()),
                        duration(c.durationMs()), t(c.command())));
            }
        }
        if (markdown && !r.ran().isEmpty() && !r.refused().isEmpty()) {
            out.append('\n');
        }
        for (Report.Refusal c : r.refused()) {
            item(t(c.id()) + " refused, did not run: " + code(c.command()) + "; needed " + t(c.needed()) + ", denied by "
                    + t(c.deniedBy()) + ": " + t(c.reason()));
        }
    }

    private void changed(Report r) {
        AuditEvent.FileChanges c = r.changed();
        heading("What changed: " + (c.size() == 0 ? "nothing" : c.added().size() + " added, " + c.modified().size()
                + " modified, " + c.deleted().size() + " deleted"));
        paths("added", c.added());
        paths("modified", c.modified());
        paths("deleted", c.deleted());
        r.ran().forEach(ran -> ran.history().ifPresent(h -> item(ran.id() + ": " + h)));
        for (Report.RollbackLine b : r.rollbacks()) {
            item("rolled back to checkpoint " + code(b.to()) + " at " + instant(b.at()) + ", changing "
                    + Checks.count(b.changedFiles(), "file") + " (the state before is checkpoint " + code(b.undo()) + ")");
        }
    }

    private void branch(Report r) {
        if (r.branch().isEmpty()) {
            return;
        }
        Report.Branch b = r.branch().get();
        heading("Branch " + t(b.name()) + ": " + Checks.count(b.commits().size(), "commit") + " on "
                + b.base().map(c -> "commit " + code(c.substring(0, Math.min(12, c.length())))).orElse("an empty history") + " of "
                + t(b.repository()));
        b.commits().forEach(c -> item(code(c.commit().substring(0, Math.min(12, c.commit().length()))) + " "
                + (c.commandId().isEmpty() ? "" : "by " + t(c.commandId()))));
        if (b.discarded()) {
            item("discarded: the branch and its tree are gone");
        } else if (b.applied().isPresent()) {
            item("applied: " + t(b.repository()) + " has branch " + t(b.name()) + " at "
                    + code(b.applied().get().substring(0, Math.min(12, b.applied().get().length()))) + "; merge it with "
                    + code("git merge " + b.name()));
        } else {
            item("not applied yet: " + code("airlock apply --session " + r.session()) + " brings it into your repository, "
                    + code("airlock discard --session " + r.session()) + " drops it");
        }
    }

    private void paths(String how, List<String> paths) {
        paths.stream().limit(PATHS_SHOWN).forEach(p -> item(String.format(Locale.ROOT, "%-9s%s", how, code(p))));
        if (paths.size() > PATHS_SHOWN) {
            item("... and " + (paths.size() - PATHS_SHOWN) + " more " + how + " (all are in --format json)");
        }
    }

    private void escalations(Report r) {
        long approved = r.escalations().stream().filter(a -> a.outcome().equals("approved")).count();
        long denied = r.escalations().size() - approved;
        heading("Escalations: " + approved + " approved, " + denied + " denied or refused");
        for (Report.Answer a : r.escalations()) {
            item(t(a.commandId()) + " " + t(a.outcome()) + " by " + t(a.approver()) + a.by().map(b -> " (" + t(b) + ")").orElse("")
                    + a.scope().map(s -> ", scope " + t(s)).orElse("") + ": needed " + t(a.needed()) + " for "
                    + code(a.command()) + a.reason().map(s -> "; " + t(s)).orElse(""));
        }
        for (Report.GrantLine g : r.grants()) {
            item("grant for the " + (g.scope().equals("once") ? "one command" : "session") + ": " + t(g.kind()) + " "
                    + code(g.value()) + ", by " + t(g.approver()) + g.by().map(b -> " (" + t(b) + ")").orElse(""));
        }
    }

    private void destinations(Report r) {
        long allowed = r.destinations().stream().filter(Report.Destination::allowed).count();
        List<Report.Refusal> wanted = r.refused().stream().filter(c -> !c.domains().isEmpty()).toList();
        heading("Destinations: " + allowed + " contacted, " + (r.destinations().size() - allowed) + " refused"
                + (wanted.isEmpty() ? "" : ", " + wanted.size() + " asked for by refused commands"));
        for (Report.Destination d : r.destinations()) {
            item(code(d.host() + ":" + d.port()) + (d.allowed() ? " allowed" : " refused") + " by " + t(d.by()) + ": "
                    + Checks.count(d.connections(), "connection")
                    + (d.allowed() ? ", " + bytes(d.bytesUp()) + " up, " + bytes(d.bytesDown()) + " down" : "")
                    + " (" + t(String.join(", ", d.commands())) + ")");
        }
        for (Report.Refusal c : wanted) {
            item(String.join(", ", c.domains().stream().map(this::code).toList()) + " not contacted: " + t(c.id())
                    + " was refused");
        }
    }

    private void flagged(Report r) {
        heading("Flagged: " + Checks.count(r.flagged().size(), "command"));
        for (Report.Flag f : r.flagged()) {
            if (markdown) {
                out.append("- **").append(t(f.commandId())).append("** ").append(code(f.command())).append('\n');
                f.why().forEach(w -> out.append("  - ").append(t(w)).append('\n'));
            } else {
                out.append(String.format(Locale.ROOT, "  %-6s %s%n", t(f.commandId()), t(f.command())));
                f.why().forEach(w -> out.append("         - ").append(t(w)).append('\n'));
            }
        }
    }

    private void excluded(Report r) {
        if (r.excluded().isEmpty() && r.excludeRules().isEmpty()) {
            return;
        }
        heading("Not in checkpoints, diffs or rollbacks");
        r.excluded().forEach(e -> item(t(e)));
        if (r.excluded().isEmpty()) {
            r.excludeRules().forEach(rule -> item("rule " + code(rule)));
        }
    }

    private void heading(String title) {
        if (markdown) {
            out.append("\n## ").append(title).append("\n\n");
        } else {
            out.append('\n').append(title.substring(0, 1).toUpperCase(Locale.ROOT)).append(title.substring(1)).append('\n');
        }
    }

    private void item(String text) {
        out.append(markdown ? "- " : "  ").append(text).append('\n');
    }

    /**
     * Text the agent, a command or a file name controls, cleaned ({@link Clean#line}) so it cannot draw on a
     * screen or start a line of its own; in Markdown also with every character escaped that would make it a
     * link, an image, HTML, emphasis or a table cell, so it reads as the words it is.
     */
    private String t(String text) {
        String clean = Clean.line(text);
        if (!markdown) {
            return clean;
        }
        StringBuilder escaped = new StringBuilder(clean.length());
        clean.codePoints().forEach(c -> {
            if ("\\`*_[]<>|~&!#{}".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.appendCodePoint(c);
        });
        return escaped.toString();
    }

    /**
     * A code span in Markdown, long enough a fence for any backticks inside; in plain text the text itself.
     * Cleaned first: a code span shows a newline as a space, so a name with one would read as two words.
     */
    private String code(String raw) {
        String text = Clean.line(raw);
        if (!markdown) {
            return text;
        }
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text + pad + fence;
    }

    private static String instant(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String duration(long ms) {
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long seconds = ms / 1000;
        return seconds < 3600 ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
