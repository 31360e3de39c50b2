package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.approval.Grant;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock grants}: what a session's people allowed "for this session", and what each covers. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock grants --session s-7f3k9q2m1x", "  airlock grants --session s-7f3k9q2m1x --json"},
        name = "grants", description = "List the session's grants: the kinds of commands and the domains approved for the session.")
final class GrantsCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, session, and each grant.")
    boolean json;

    GrantsCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        List<Grant> grants = airlock.app().files(session).grants(airlock.app());
        PrintStream out = airlock.console().out();
        if (json) {
            out.println(Json.write(json(session, grants)));
            return 0;
        }
        if (grants.isEmpty()) {
            out.println("session " + session + " has no grants: every escalation is asked about");
        }
        grants.forEach(g -> out.println(Clean.line(g.describe() + "   (by " + g.by() + ", " + g.at() + ")")));
        return 0;
    }

    /** The document {@code grants --json} prints (docs/JSON.md). */
    static Map<String, Object> json(String session, List<Grant> grants) {
        return Json.document(Json.fields("session", session, "grants", grants.stream().map(g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", g.kind().json());
                m.put("value", g.value());
                m.put("profile", g.profile());
                m.put("scope", g.scope().name().toLowerCase(java.util.Locale.ROOT));
                m.put("by", g.by());
                m.put("at", g.at().toString());
                m.put("covers", g.describe());
                return m;
            }).toList()));
    }
}
